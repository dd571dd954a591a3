/// Turns cache changes into reconciles: maps changed objects to keys, queues them, and runs a
/// bounded number of workers that call the reconciler (the ideas of controller-runtime's
/// controller and kube-rs' `Controller`).
///
/// Workers start only after every cache has synced; the same key never runs twice at once
/// (the work queue guarantees it); the reconciler's action decides when a key comes back. Keys
/// from live watch events go before keys from a (re)list, within the queue's fairness bound
/// (see `WorkQueue`): no key starves.
public struct Controller<R: Reconciler, C: Clock & Sendable>: Sendable where C.Duration == Duration {
    public let reconciler: R
    public let queue: WorkQueue<R.Key, C>
    public let maxConcurrentReconciles: Int
    private let waitForCaches: @Sendable () async -> Void
    private let observer: ControllerObserver

    /// - Parameters:
    ///   - waitForCaches: returns once every cache the reconciler reads has synced.
    ///   - observer: hooks for metrics (reconcile durations, errors).
    public init(
        reconciler: R,
        queue: WorkQueue<R.Key, C>,
        maxConcurrentReconciles: Int = 4,
        waitForCaches: @escaping @Sendable () async -> Void,
        observer: ControllerObserver = ControllerObserver()
    ) {
        self.reconciler = reconciler
        self.queue = queue
        self.maxConcurrentReconciles = max(1, maxConcurrentReconciles)
        self.waitForCaches = waitForCaches
        self.observer = observer
    }

    /// Runs the workers until the task is cancelled (or the queue shut down). Cancelled while
    /// the caches sync (`waitForCaches` must return on cancellation), it returns without work.
    public func run() async {
        await waitForCaches()
        guard !Task.isCancelled else { return }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<maxConcurrentReconciles {
                group.addTask { await self.work() }
            }
            await withTaskCancellationHandler {
                await group.waitForAll()
            } onCancel: {
                Task { await queue.shutDown() }
            }
        }
    }

    private func work() async {
        while let key = await queue.next() {
            let started = ContinuousClock.now
            let action: ReconcileAction
            do {
                action = try await reconciler.reconcile(key)
                observer.reconciled(ContinuousClock.now - started, false)
            } catch {
                action = reconciler.errorPolicy(key, error: error)
                observer.reconciled(ContinuousClock.now - started, true)
            }
            switch action {
            case .awaitChange:
                await queue.forget(key)
            case .requeue(let delay):
                await queue.forget(key)
                await queue.add(key, after: delay)
            case .requeueWithBackoff:
                await queue.addAfterFailure(key)
            }
            await queue.done(key)
        }
    }

    /// Feeds a watcher into its cache and queues the keys its changes map to. Runs until the
    /// task is cancelled. Objects of a (re)list are queued in the initial lane, so a large list
    /// waits behind live changes; the queue still hands out an initial key after at most
    /// `queue.liveBurst` live ones, so a monitor re-queued by every reconcile cannot starve it.
    public func pump<S: WatchSource>(
        _ watcher: Watcher<S, some Clock<Duration> & Sendable>,
        into store: Store<S.Object>,
        keys: @escaping @Sendable (StoreChange<S.Object>) -> [R.Key]
    ) async where S.Object: CacheProjection {
        do {
            for try await event in watcher {
                // The keys, not the changes, are collected: a list's changes are each a copy of
                // an object, its keys a few monitors.
                var changedKeys: [R.Key] = []
                let changes = store.apply(event) { change in changedKeys.append(contentsOf: keys(change)) }
                let lane: WorkQueue<R.Key, C>.Lane
                switch event {
                case .restarted, .restartPage, .restartDone: lane = .initial
                case .applied, .deleted: lane = .live
                }
                observer.watchEvents(changes)
                for key in changedKeys {
                    await queue.add(key, lane: lane)
                }
            }
        } catch {
            // Only cancellation ends a watcher.
        }
    }
}

/// Callbacks a controller reports through (metrics); all optional.
public struct ControllerObserver: Sendable {
    public var reconciled: @Sendable (_ duration: Duration, _ failed: Bool) -> Void
    public var watchEvents: @Sendable (_ count: Int) -> Void

    public init(
        reconciled: @escaping @Sendable (Duration, Bool) -> Void = { _, _ in },
        watchEvents: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.reconciled = reconciled
        self.watchEvents = watchEvents
    }
}
