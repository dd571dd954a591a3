import Foundation
import Synchronization

/// Owns the curl thread of one transport. Transfers and stream bodies keep the engine alive;
/// when the last reference goes, the thread is told to abort what is left and exit.
final class CurlEngine: Sendable {
    private let queue: CurlCommandQueue
    private let nextID = Atomic<UInt64>(0)

    init() throws(TransportError) {
        try CurlGlobal.ensureInitialized()
        let queue = try CurlCommandQueue()
        self.queue = queue
        let thread = Thread {
            CurlMultiLoop(queue: queue).run()
        }
        thread.name = "cronmonitor.curl"
        thread.start()
    }

    deinit {
        queue.submit(.shutdown)
    }

    func makeID() -> TransferID {
        TransferID(rawValue: nextID.wrappingAdd(1, ordering: .relaxed).newValue)
    }

    func start(_ id: TransferID, spec: CurlTransferSpec, sink: any TransferSink) {
        queue.submit(.start(id, spec, sink))
    }

    func resume(_ id: TransferID) {
        queue.submit(.resume(id))
    }

    func cancel(_ id: TransferID) {
        queue.submit(.cancel(id))
    }
}
