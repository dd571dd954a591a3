import Foundation
import KubernetesModel

/// The events of an open watch, decoded line by line from the streamed body.
///
/// The sequence ends when the server ends the response (the caller resumes from the last seen
/// resourceVersion). It throws:
/// - the `KubernetesError` of an ERROR event (`.gone` for 410 Expired: relist), which ends the watch;
/// - `.transport` when the connection breaks (also `bodyTruncated` for a cut-off last line);
/// - `.decoding` for a line that is not a watch event of `Object`.
/// Cancelling the consuming task ends the transfer.
public struct WatchEventStream<Object: Decodable>: AsyncSequence, Sendable {
    public typealias Element = WatchEvent<Object>
    public typealias Failure = KubernetesError

    let body: HTTPBodyStream
    let maxLineBytes: Int

    public init(body: HTTPBodyStream, maxLineBytes: Int = LineFramer.defaultMaxLineBytes) {
        self.body = body
        self.maxLineBytes = maxLineBytes
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(body: body.makeAsyncIterator(), framer: LineFramer(maxLineBytes: maxLineBytes))
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Element = WatchEvent<Object>
        public typealias Failure = KubernetesError

        private var body: HTTPBodyStream.AsyncIterator
        private var framer: LineFramer
        private var lines: [[UInt8]] = []
        private var nextLine = 0
        private var finished = false
        private let decoder = JSONDecoder()

        init(body: HTTPBodyStream.AsyncIterator, framer: LineFramer) {
            self.body = body
            self.framer = framer
        }

        public mutating func next() async throws(KubernetesError) -> WatchEvent<Object>? {
            while !finished {
                if nextLine < lines.count {
                    let line = lines[nextLine]
                    nextLine += 1
                    return try decode(line)
                }
                let chunk = try await nextChunk()
                guard let chunk else {
                    finished = true
                    do {
                        try framer.finish()
                    } catch {
                        throw .transport(TransportError(.bodyTruncated, error.description))
                    }
                    return nil
                }
                do {
                    lines = try framer.push(chunk)
                    nextLine = 0
                } catch {
                    finished = true
                    throw .decoding(error.description)
                }
            }
            return nil
        }

        private mutating func nextChunk() async throws(KubernetesError) -> [UInt8]? {
            do {
                return try await body.next()
            } catch let error as TransportError {
                finished = true
                throw .transport(error)
            } catch is CancellationError {
                finished = true
                throw .transport(TransportError(.cancelled, "watch cancelled"))
            } catch {
                finished = true
                throw .transport(TransportError(.other, "watch body failed: \(error)"))
            }
        }

        private mutating func decode(_ line: [UInt8]) throws(KubernetesError) -> WatchEvent<Object> {
            let event: WatchEvent<Object>
            do {
                event = try decoder.decode(WatchEvent<Object>.self, from: Data(line))
            } catch {
                finished = true
                throw .decoding("watch event of \(Object.self): \(DecodingErrorDescription.describe(error))")
            }
            if case .error(let status) = event {
                finished = true
                throw KubernetesError(status: status)
            }
            return event
        }
    }
}
