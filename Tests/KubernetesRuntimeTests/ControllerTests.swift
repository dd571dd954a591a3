import KubernetesRuntime
import KubernetesTestSupport
import Synchronization
import Testing

extension String: CacheProjection {
    public var key: ObjectKey { ObjectKey(namespace: "ns", name: self) }
}

/// Reports every reconcile on a stream; fails keys listed in `failing` once each.
final class RecordingReconciler: Reconciler {
    struct Failure: Error {}

    let reconciled: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let failing: Mutex<Set<String>>

    init(failing: Set<String> = []) {
        (reconciled, continuation) = AsyncStream.makeStream()
        self.failing = Mutex(failing)
    }

    func reconcile(_ key: String) async throws -> ReconcileAction {
        continuation.yield(key)
        if failing.withLock({ $0.remove(key) }) != nil { throw Failure() }
        return .awaitChange
    }

    func errorPolicy(_ key: String, error: any Error) -> ReconcileAction {
        .requeueWithBackoff
    }
}

@Suite(.timeLimit(.minutes(2))) struct ControllerTests {
    @Test func reconcilesOnlyAfterCachesSyncedThenEachQueuedKeyOnce() async {
        let clock = ManualClock()
        let store = Store<String>()
        let reconciler = RecordingReconciler()
        let queue = WorkQueue<String, ManualClock>(clock: clock)
        for key in ["a", "b", "c", "a"] { await queue.add(key) }
        let (waiting, entered) = AsyncStream.makeStream(of: Void.self)
        let controller = Controller(reconciler: reconciler, queue: queue, maxConcurrentReconciles: 2) {
            entered.yield()
            await store.waitUntilSynced()
        }
        let running = Task { await controller.run() }
        // The controller is waiting for the caches (observed, not assumed after some yields).
        for await _ in waiting { break }
        #expect(await queue.depth == 3, "nothing is taken before the caches sync")
        store.apply(.restarted([]))
        var seen: [String] = []
        for await key in reconciler.reconciled {
            seen.append(key)
            if seen.count == 3 { break }
        }
        #expect(seen.sorted() == ["a", "b", "c"])
        running.cancel()
        await running.value
    }

    /// Stopped before its caches sync (the API down, a CRD missing), the controller still
    /// stops, without reconciling anything.
    @Test(.timeLimit(.minutes(5))) func aControllerCancelledBeforeTheCachesSyncStops() async {
        let store = Store<String>()
        let reconciler = RecordingReconciler()
        let queue = WorkQueue<String, ManualClock>(clock: ManualClock())
        await queue.add("a")
        let controller = Controller(reconciler: reconciler, queue: queue) {
            await store.waitUntilSynced()
        }
        let running = Task { await controller.run() }
        running.cancel()
        await running.value
        #expect(await queue.depth == 1, "nothing was reconciled")
    }

    @Test func aFailedReconcileComesBackAfterItsBackoff() async {
        let clock = ManualClock()
        let reconciler = RecordingReconciler(failing: ["flaky"])
        let queue = WorkQueue<String, ManualClock>(clock: clock)
        await queue.add("flaky")
        let controller = Controller(reconciler: reconciler, queue: queue, waitForCaches: {})
        let running = Task { await controller.run() }
        var iterator = reconciler.reconciled.makeAsyncIterator()
        #expect(await iterator.next() == "flaky")
        await clock.waitForSleepers(1)
        #expect(await queue.failureCount("flaky") == 1)
        clock.advance(by: .milliseconds(5))
        #expect(await iterator.next() == "flaky")
        running.cancel()
        await running.value
    }

    @Test func pumpFillsTheCacheAndQueuesMappedKeys() async {
        let source = ScriptedSource([
            .page(ListPage(items: ["job-1", "job-2"], continueToken: nil, resourceVersion: "5")),
            .stream([.added("job-3", resourceVersion: "6")], end: .clean),
        ])
        let store = Store<String>()
        let queue = WorkQueue<String, ManualClock>(clock: ManualClock())
        let controller = Controller(reconciler: RecordingReconciler(), queue: queue, waitForCaches: {})
        await controller.pump(Watcher(source: source, clock: ImmediateClock()), into: store) { change in
            switch change {
            case .upserted(_, let new): ["monitor-of-\(new)"]
            case .removed(let old): ["monitor-of-\(old)"]
            }
        }
        #expect(store.count == 3)
        #expect(await queue.next() == "monitor-of-job-3", "the live change overtakes the initial list")
        #expect(await queue.depth == 2)
    }
}
