import Synchronization

/// A thread-safe FIFO of byte chunks, used by `HTTPBodyStream(chunks:)`.
final class ChunkQueue: Sendable {
    private let state: Mutex<ArraySlice<[UInt8]>>

    init(_ chunks: [[UInt8]]) {
        state = Mutex(chunks[...])
    }

    func pop() -> [UInt8]? {
        state.withLock { $0.popFirst() }
    }
}
