import Foundation
import Synchronization

/// Collects a whole response and hands it to one waiting caller.
final class ResponseCollector: TransferSink {
    typealias Waiter = CheckedContinuation<Result<HTTPResponse, TransportError>, Never>

    private enum State {
        case idle
        case waiting(Waiter)
        case receiving(Waiter, ResponseHead, Data)
        case cancelled
        case done
    }

    private let state = Mutex<State>(.idle)

    /// Registers the caller that `complete` resumes. Resumes at once if already cancelled.
    func wait(_ waiter: Waiter) {
        let cancelled = state.withLock { state -> Bool in
            switch state {
            case .idle:
                state = .waiting(waiter)
                return false
            case .cancelled:
                return true
            case .waiting, .receiving, .done:
                return false
            }
        }
        if cancelled {
            waiter.resume(returning: .failure(TransportError(.cancelled, "request cancelled")))
        }
    }

    /// The caller's task was cancelled: resume it now; the curl thread aborts the transfer.
    func cancel() {
        let waiter: Waiter? = state.withLock { state in
            switch state {
            case .idle:
                state = .cancelled
                return nil
            case .waiting(let waiter), .receiving(let waiter, _, _):
                state = .cancelled
                return waiter
            case .cancelled, .done:
                return nil
            }
        }
        waiter?.resume(returning: .failure(TransportError(.cancelled, "request cancelled")))
    }

    var isCancelled: Bool {
        state.withLock { state in
            if case .cancelled = state { return true }
            return false
        }
    }

    func receiveHead(_ head: ResponseHead) {
        state.withLock { state in
            if case .waiting(let waiter) = state {
                state = .receiving(waiter, head, Data())
            }
        }
    }

    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> BodyDisposition {
        state.withLock { state in
            switch state {
            case .receiving(let waiter, let head, var body):
                state = .done  // drop the reference so `append` does not copy
                body.append(contentsOf: bytes)
                state = .receiving(waiter, head, body)
                return .accepted
            case .cancelled:
                return .abort
            case .idle, .waiting, .done:
                return .accepted
            }
        }
    }

    func complete(_ error: TransportError?) {
        let resumption: (Waiter, Result<HTTPResponse, TransportError>)? = state.withLock { state in
            switch state {
            case .receiving(let waiter, let head, let body):
                state = .done
                if let error { return (waiter, .failure(error)) }
                return (waiter, .success(HTTPResponse(status: head.status, headers: head.headers, body: body)))
            case .waiting(let waiter):
                state = .done
                return (waiter, .failure(error ?? TransportError(.other, "response ended without a status line")))
            case .idle, .cancelled, .done:
                return nil
            }
        }
        if let (waiter, result) = resumption {
            waiter.resume(returning: result)
        }
    }
}
