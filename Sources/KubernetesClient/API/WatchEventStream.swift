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
        AsyncIterator(lines: WatchLineStream(body: body, maxLineBytes: maxLineBytes).makeAsyncIterator())
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Element = WatchEvent<Object>
        public typealias Failure = KubernetesError

        private var lines: WatchLineStream.AsyncIterator
        private let decoder = JSONDecoder()

        init(lines: WatchLineStream.AsyncIterator) {
            self.lines = lines
        }

        public mutating func next() async throws(KubernetesError) -> WatchEvent<Object>? {
            guard let line = try await lines.next() else { return nil }
            do {
                return try WatchEventStream.decode(line, with: decoder)
            } catch {
                lines.finish()
                throw error
            }
        }
    }

    /// One line as a watch event of `Object`; an ERROR event is thrown as its `KubernetesError`.
    public static func decode(_ line: [UInt8], with decoder: JSONDecoder) throws(KubernetesError) -> WatchEvent<Object> {
        let event: WatchEvent<Object>
        do {
            event = try decoder.decode(WatchEvent<Object>.self, from: Data(line))
        } catch {
            throw .decoding("watch event of \(Object.self): \(DecodingErrorDescription.describe(error))")
        }
        if case .error(let status) = event {
            throw KubernetesError(status: status)
        }
        return event
    }
}
