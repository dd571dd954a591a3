/// The lines of an open watch, as framed from the streamed body, undecoded: for readers that
/// take what they need from the bytes (`WatchEventStream` decodes each line in full).
///
/// The sequence ends when the server ends the response. It throws `.transport` when the
/// connection breaks (also `bodyTruncated` for a cut-off last line) and `.decoding` for a line
/// over the framer's bound. Cancelling the consuming task ends the transfer.
public struct WatchLineStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
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
        public typealias Element = [UInt8]
        public typealias Failure = KubernetesError

        private var body: HTTPBodyStream.AsyncIterator
        private var framer: LineFramer
        private var lines: [[UInt8]] = []
        private var nextLine = 0
        private var finished = false

        init(body: HTTPBodyStream.AsyncIterator, framer: LineFramer) {
            self.body = body
            self.framer = framer
        }

        /// Ends the sequence early (after an ERROR event or an undecodable line).
        public mutating func finish() {
            finished = true
        }

        public mutating func next() async throws(KubernetesError) -> [UInt8]? {
            while !finished {
                if nextLine < lines.count {
                    let line = lines[nextLine]
                    nextLine += 1
                    return line
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
    }
}
