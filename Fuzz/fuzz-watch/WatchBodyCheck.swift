import Foundation
import FuzzSupport
import KubernetesClient
import KubernetesModel
import Synchronization

/// Frames a watch body with `LineFramer`, decodes each line as `WatchEvent<BatchV1.Job>`, and
/// reads the same body through `WatchEventStream`, checking that:
/// - framing does not depend on how the body is cut into chunks;
/// - the stream yields exactly the events decoded line by line, up to the first failure, and
///   ends cleanly only when nothing failed.
enum WatchBodyCheck {
    static func run(_ input: [UInt8]) {
        guard let control = input.first else { return }
        let body = Array(input.dropFirst())
        // The control byte picks the chunk sizes (alternately tiny and about an eighth of the body:
        // a few dozen chunks, so large bodies stay fast) and a small or a roomy line limit.
        let chunks = body.chunked(cycling: [Int(control & 0x0f) + 1, body.count / 8 + Int(control >> 4) * 13 + 1])
        let limit = control & 1 == 0 ? 1 << 20 : 200

        let whole = frame([body], limit: limit)
        let pieces = frame(chunks, limit: limit)
        fuzzCheck(whole.failure == pieces.failure, "framing failure \(String(describing: whole.failure)) in one chunk, \(String(describing: pieces.failure)) in \(chunks.count)")
        if whole.failure == nil {
            fuzzCheck(whole.lines == pieces.lines, "lines differ between one chunk and \(chunks.count) chunks")
        }

        var expectedEvents = 0
        var decodedAll = true
        let decoder = JSONDecoder()
        for line in pieces.lines {
            guard let event = try? decoder.decode(WatchEvent<BatchV1.Job>.self, from: Data(line)) else {
                decodedAll = false
                break
            }
            if case .error(let status) = event {
                _ = KubernetesError(status: status).description
                decodedAll = false
                break
            }
            expectedEvents += 1
        }
        let streamed = stream(chunks, limit: limit)
        fuzzCheck(streamed.events == expectedEvents, "stream yielded \(streamed.events) events, lines decode to \(expectedEvents)")
        let clean = decodedAll && pieces.failure == nil
        fuzzCheck(streamed.endedCleanly == clean, "stream ended cleanly: \(streamed.endedCleanly), expected \(clean)")
    }

    struct Framing {
        /// The lines completed before the failure, if any.
        var lines: [[UInt8]] = []
        var failure: WatchFramingError?
    }

    static func frame(_ chunks: [[UInt8]], limit: Int) -> Framing {
        var framer = LineFramer(maxLineBytes: limit)
        var result = Framing()
        do {
            for chunk in chunks {
                result.lines += try framer.push(chunk)
            }
            try framer.finish()
        } catch {
            result.failure = error
        }
        return result
    }

    struct Streamed: Sendable {
        var events = 0
        var endedCleanly = true
    }

    /// Reads the whole stream in a task run on this thread (handing each input to the cooperative
    /// pool and waiting made the target 50 times slower on a loaded machine).
    static func stream(_ chunks: [[UInt8]], limit: Int) -> Streamed {
        let outcome = Outcome()
        let executor = CallerThreadExecutor()
        Task(executorPreference: executor) {
            var streamed = Streamed()
            do {
                let events = WatchEventStream<BatchV1.Job>(body: HTTPBodyStream(chunks: chunks), maxLineBytes: limit)
                for try await _ in events {
                    streamed.events += 1
                }
            } catch {
                _ = String(describing: error)
                streamed.endedCleanly = false
            }
            outcome.value.withLock { $0 = streamed }
        }
        executor.runJobs { outcome.value.withLock { $0 != nil } }
        return outcome.value.withLock { $0 } ?? Streamed()
    }

    final class Outcome: Sendable {
        let value = Mutex<Streamed?>(nil)
    }
}
