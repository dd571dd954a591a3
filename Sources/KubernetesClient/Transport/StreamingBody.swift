import Synchronization

/// The bounded buffer between the curl thread and the consumer of a streamed body.
///
/// The curl thread offers chunks; once `limit` bytes are buffered it pauses the transfer, and the
/// consumer's next pull resumes it. Cancellation (the consumer's task, or the stream dropped)
/// fails any waiter with `.cancelled` and asks the curl thread to abort the transfer.
final class StreamingBody: TransferSink {
    typealias HeadWaiter = CheckedContinuation<Result<ResponseHead, TransportError>, Never>
    typealias ChunkWaiter = CheckedContinuation<Result<[UInt8]?, TransportError>, Never>

    enum Control: Sendable {
        case resume
        case cancel
    }

    private struct Buffer {
        var head: ResponseHead
        var chunks: ArraySlice<[UInt8]> = []
        var bufferedBytes = 0
        var isPaused = false
        var waiter: ChunkWaiter?
        /// Set once the transfer is over; `nil` inside means it ended normally.
        var end: TransportError?? = nil
    }

    private enum State {
        case awaitingHead(HeadWaiter?)
        case streaming(Buffer)
        case failedBeforeHead(TransportError)
        case cancelled
        case drained
    }

    private let state = Mutex<State>(.awaitingHead(nil))
    private let limit: Int
    private let control: @Sendable (Control) -> Void

    init(limit: Int, control: @escaping @Sendable (Control) -> Void) {
        self.limit = max(1, limit)
        self.control = control
    }

    // MARK: consumer side

    /// Waits for the status line and headers.
    func waitForHead(_ waiter: HeadWaiter) {
        let immediate: Result<ResponseHead, TransportError>? = state.withLock { state in
            switch state {
            case .awaitingHead:
                state = .awaitingHead(waiter)
                return nil
            case .streaming(let buffer):
                return .success(buffer.head)
            case .failedBeforeHead(let error):
                return .failure(error)
            case .cancelled, .drained:
                return .failure(TransportError(.cancelled, "stream cancelled"))
            }
        }
        if let immediate { waiter.resume(returning: immediate) }
    }

    /// The next chunk, `nil` at the end of the body.
    func next() async throws(TransportError) -> [UInt8]? {
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: ChunkWaiter) in
                self.pull(waiter)
            }
        } onCancel: {
            self.cancel()
        }
        return try result.get()
    }

    private func pull(_ waiter: ChunkWaiter) {
        var resume = false
        let immediate: Result<[UInt8]?, TransportError>? = state.withLock { state in
            switch state {
            case .streaming(var buffer):
                if let chunk = buffer.chunks.popFirst() {
                    buffer.bufferedBytes -= chunk.count
                    if buffer.isPaused && buffer.bufferedBytes < limit {
                        buffer.isPaused = false
                        resume = true
                    }
                    state = .streaming(buffer)
                    return .success(chunk)
                }
                if let end = buffer.end {
                    state = .drained
                    if let error = end { return .failure(error) }
                    return .success(nil)
                }
                buffer.waiter = waiter
                state = .streaming(buffer)
                return nil
            case .drained:
                return .success(nil)
            case .cancelled:
                return .failure(TransportError(.cancelled, "stream cancelled"))
            case .failedBeforeHead(let error):
                return .failure(error)
            case .awaitingHead:
                return .failure(TransportError(.other, "body read before the response head"))
            }
        }
        if resume { control(.resume) }
        if let immediate { waiter.resume(returning: immediate) }
    }

    /// Ends the stream for the consumer and aborts the transfer. Idempotent.
    func cancel() {
        let (headWaiter, chunkWaiter, abort): (HeadWaiter?, ChunkWaiter?, Bool) = state.withLock { state in
            switch state {
            case .awaitingHead(let waiter):
                state = .cancelled
                return (waiter, nil, true)
            case .streaming(let buffer):
                state = .cancelled
                return (nil, buffer.waiter, buffer.end == nil)
            case .failedBeforeHead, .cancelled, .drained:
                return (nil, nil, false)
            }
        }
        let error = TransportError(.cancelled, "stream cancelled")
        headWaiter?.resume(returning: .failure(error))
        chunkWaiter?.resume(returning: .failure(error))
        if abort { control(.cancel) }
    }

    // MARK: curl thread side

    var isCancelled: Bool {
        state.withLock { state in
            if case .cancelled = state { return true }
            return false
        }
    }

    func receiveHead(_ head: ResponseHead) {
        let waiter: HeadWaiter? = state.withLock { state in
            guard case .awaitingHead(let waiter) = state else { return nil }
            state = .streaming(Buffer(head: head))
            return waiter
        }
        waiter?.resume(returning: .success(head))
    }

    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> BodyDisposition {
        var handOff: ChunkWaiter?
        let disposition: BodyDisposition = state.withLock { state in
            switch state {
            case .streaming(var buffer):
                if let waiter = buffer.waiter {
                    buffer.waiter = nil
                    handOff = waiter
                    state = .streaming(buffer)
                    return .accepted
                }
                if buffer.bufferedBytes >= limit {
                    buffer.isPaused = true
                    state = .streaming(buffer)
                    return .pause
                }
                buffer.chunks.append(Array(bytes))
                buffer.bufferedBytes += bytes.count
                state = .streaming(buffer)
                return .accepted
            case .cancelled, .drained:
                return .abort
            case .awaitingHead, .failedBeforeHead:
                return .abort
            }
        }
        handOff?.resume(returning: .success(Array(bytes)))
        return disposition
    }

    func complete(_ error: TransportError?) {
        let (headWaiter, chunkWaiter): (HeadWaiter?, ChunkWaiter?) = state.withLock { state in
            switch state {
            case .awaitingHead(let waiter):
                let failure = error ?? TransportError(.other, "response ended without a status line")
                state = .failedBeforeHead(failure)
                return (waiter, nil)
            case .streaming(var buffer):
                if let waiter = buffer.waiter {
                    state = .drained
                    return (nil, waiter)
                }
                buffer.end = .some(error)
                state = .streaming(buffer)
                return (nil, nil)
            case .failedBeforeHead, .cancelled, .drained:
                return (nil, nil)
            }
        }
        if let headWaiter {
            headWaiter.resume(returning: .failure(error ?? TransportError(.other, "response ended without a status line")))
        }
        if let chunkWaiter {
            if let error {
                chunkWaiter.resume(returning: .failure(error))
            } else {
                chunkWaiter.resume(returning: .success(nil))
            }
        }
    }
}
