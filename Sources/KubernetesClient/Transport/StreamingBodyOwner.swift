/// Cancels the transfer when the last copy of a streamed body (and its iterators) is dropped.
final class StreamingBodyOwner: Sendable {
    private let body: StreamingBody

    init(_ body: StreamingBody) {
        self.body = body
    }

    deinit {
        body.cancel()
    }

    func next() async throws(TransportError) -> [UInt8]? {
        try await body.next()
    }
}
