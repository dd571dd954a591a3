internal import CCurl
import Foundation

/// Drives every transfer of one engine with `curl_multi` on one dedicated thread. All libcurl
/// handles are touched on this thread only; other threads talk to it through the command queue.
/// The multi handle pools connections and DNS; the share handle adds TLS session reuse.
final class CurlMultiLoop {
    private let queue: CurlCommandQueue
    private var transfers: [TransferID: CurlTransfer] = [:]
    private var idsByHandle: [UnsafeMutableRawPointer: TransferID] = [:]

    /// After socket activity, the loop waits this long before reading, so that bytes arriving
    /// close together (a live watch's events) are read and handed to their consumer as one chunk:
    /// one thread wake-up per batch instead of per event, for at most this much latency.
    static let coalescingMicroseconds: UInt32 = 1_000

    init(queue: CurlCommandQueue) {
        self.queue = queue
    }

    /// Runs until a `.shutdown` command. Blocks the calling (dedicated) thread.
    func run() {
        guard let multi = curl_multi_init() else {
            failAllUntilShutdown(TransportError(.other, "curl_multi_init failed"))
            return
        }
        let share = curl_share_init()
        if let share {
            _ = ccurl_share_setopt_lock_data(share, CURL_LOCK_DATA_SSL_SESSION)
            _ = ccurl_share_setopt_lock_data(share, CURL_LOCK_DATA_DNS)
        }
        defer {
            for id in Array(transfers.keys) {
                finish(id, multi: multi, error: TransportError(.cancelled, "transport shut down"))
            }
            curl_multi_cleanup(multi)
            if let share { curl_share_cleanup(share) }
        }
        while true {
            for command in queue.takeAll() {
                switch command {
                case .start(let id, let spec, let sink):
                    start(id, spec: spec, sink: sink, multi: multi, share: share)
                case .resume(let id):
                    if let transfer = transfers[id] { _ = ccurl_easy_unpause(transfer.handle) }
                case .cancel(let id):
                    finish(id, multi: multi, error: TransportError(.cancelled, "request cancelled"))
                case .shutdown:
                    return
                }
            }
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            collectFinished(multi: multi)
            var wake = curl_waitfd(fd: queue.wakeReadFD, events: Int16(CURL_WAIT_POLLIN), revents: 0)
            _ = curl_multi_poll(multi, &wake, 1, 1000, nil)
            if wake.revents != 0 {
                queue.drainWakeUps()
            } else if !transfers.isEmpty {
                usleep(Self.coalescingMicroseconds)
            }
        }
    }

    private func start(
        _ id: TransferID, spec: CurlTransferSpec, sink: any TransferSink,
        multi: UnsafeMutableRawPointer, share: UnsafeMutableRawPointer?
    ) {
        guard !sink.isCancelled else {
            sink.complete(TransportError(.cancelled, "request cancelled"))
            return
        }
        do {
            let transfer = try CurlTransfer(spec: spec, share: share, sink: sink)
            guard curl_multi_add_handle(multi, transfer.handle) == CURLM_OK else {
                sink.complete(TransportError(.other, "curl_multi_add_handle failed"))
                return
            }
            transfers[id] = transfer
            idsByHandle[transfer.handle] = id
        } catch {
            sink.complete(error)
        }
    }

    private func collectFinished(multi: UnsafeMutableRawPointer) {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard ccurl_msg_is_done(message) != 0,
                let handle = ccurl_msg_easy_handle(message),
                let id = idsByHandle[handle],
                let transfer = transfers[id]
            else { continue }
            let code = ccurl_msg_result(message)
            if code == CURLE_OK {
                transfer.deliverHead()
                finish(id, multi: multi, error: nil)
            } else if transfer.sink.isCancelled {
                finish(id, multi: multi, error: TransportError(.cancelled, "request cancelled"))
            } else {
                let error = TransportError(
                    curlCode: code, detail: transfer.errorDetail, headReceived: transfer.headDelivered)
                finish(id, multi: multi, error: error)
            }
        }
    }

    private func finish(_ id: TransferID, multi: UnsafeMutableRawPointer, error: TransportError?) {
        guard let transfer = transfers.removeValue(forKey: id) else { return }
        idsByHandle[transfer.handle] = nil
        _ = curl_multi_remove_handle(multi, transfer.handle)
        transfer.sink.complete(error)
    }

    private func failAllUntilShutdown(_ error: TransportError) {
        while true {
            for command in queue.takeAll() {
                switch command {
                case .start(_, _, let sink): sink.complete(error)
                case .resume, .cancel: break
                case .shutdown: return
                }
            }
            var descriptor = pollfd(fd: queue.wakeReadFD, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 1000)
            queue.drainWakeUps()
        }
    }
}
