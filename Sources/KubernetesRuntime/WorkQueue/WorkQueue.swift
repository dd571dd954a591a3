/// The reconcile queue (the ideas of client-go's workqueue): keys, not events.
///
/// - A key is queued at most once; adding a queued key does nothing.
/// - A key is never handed out twice at once: adding it while it is being processed marks it
///   dirty, and `done` queues it again.
/// - `add(_:after:)` delays a key; `addAfterFailure` delays it by a per-key exponential backoff
///   (5 ms doubling to 1000 s) that `forget` resets after a success.
/// - Keys added from an initial list go to a lower-priority lane, so a large initial list does
///   not hold up live changes; but no key starves: while an initial key waits, at most
///   `liveBurst` (default 2) keys in a row come from the live lane. A monitor re-queued after
///   every reconcile (its own status write comes back as a live watch event) therefore delays
///   each initial key by at most `liveBurst` hand-outs per initial key ahead of it: the key with
///   `p` initial keys ahead is handed out within `(liveBurst + 1) × (p + 1)` hand-outs. See
///   `Lanes` for the policy and its bounds.
public actor WorkQueue<Key: Hashable & Sendable, C: Clock & Sendable> where C.Duration == Duration {
    public enum Lane: Sendable {
        /// A change seen live.
        case live
        /// An object seen in an initial or re-list.
        case initial
    }

    /// The most keys handed out in a row from the live lane while an initial key waits.
    public nonisolated let liveBurst: Int
    private let clock: C
    private var ready: Lanes
    private var processing: Set<Key> = []
    private var dirty: Set<Key> = []
    private var delayed: [Key: C.Instant] = [:]
    private var failures: [Key: Int] = [:]
    private let failureBackoff: ExponentialBackoff
    private var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiterID: UInt64 = 0
    /// Counts wake-ups, so a waiter that registers after a wake-up it should have seen returns at once.
    private var wakeGeneration: UInt64 = 0
    private var isShutDown = false

    /// - Parameters:
    ///   - failureBackoff: the delays of `addAfterFailure`.
    ///   - liveBurst: the most keys handed out in a row from the live lane while a key of the
    ///     initial lane waits (at least 1).
    public init(clock: C, failureBackoff: ExponentialBackoff = .workQueue, liveBurst: Int = 2) {
        self.clock = clock
        self.failureBackoff = failureBackoff
        let lanes = Lanes(liveBurst: liveBurst)
        self.ready = lanes
        self.liveBurst = lanes.liveBurst
    }

    /// Queues `key` now.
    public func add(_ key: Key, lane: Lane = .live) {
        guard !isShutDown else { return }
        if processing.contains(key) {
            dirty.insert(key)
            return
        }
        if ready.insert(key, lane: lane) {
            wakeWaiters()
        }
    }

    /// Queues `key` once `delay` has passed (the earliest of several requests wins).
    public func add(_ key: Key, after delay: Duration) {
        guard !isShutDown else { return }
        guard delay > .zero else { return add(key) }
        let deadline = clock.now.advanced(by: delay)
        if let existing = delayed[key], existing <= deadline { return }
        delayed[key] = deadline
        wakeWaiters()
    }

    /// Queues `key` after its backoff, which grows with each failure until `forget`.
    public func addAfterFailure(_ key: Key) {
        let attempt = failures[key, default: 0]
        failures[key] = attempt + 1
        add(key, after: failureBackoff.baseDelay(forAttempt: attempt))
    }

    /// Resets the failure backoff of `key` (after a successful reconcile).
    public func forget(_ key: Key) {
        failures[key] = nil
    }

    /// The number of failures recorded for `key` since the last `forget`.
    public func failureCount(_ key: Key) -> Int {
        failures[key, default: 0]
    }

    /// The next key to process; waits until one is ready. `nil` once the queue is shut down.
    public func next() async -> Key? {
        while true {
            promoteDueKeys()
            if isShutDown { return nil }
            if let key = ready.popNext() {
                processing.insert(key)
                return key
            }
            await waitForWork()
            if Task.isCancelled { return nil }
        }
    }

    /// Marks `key` processed; if it was added meanwhile, it is queued again.
    public func done(_ key: Key) {
        processing.remove(key)
        if dirty.remove(key) != nil {
            add(key)
        }
    }

    /// Stops handing out keys; waiting `next()` calls return `nil`.
    public func shutDown() {
        isShutDown = true
        wakeWaiters()
    }

    /// Keys ready or waiting for their delay (the queue-depth metric).
    public var depth: Int { ready.count + delayed.count }

    private func promoteDueKeys() {
        guard !delayed.isEmpty else { return }
        let now = clock.now
        for (key, deadline) in delayed where deadline <= now {
            delayed[key] = nil
            add(key)
        }
    }

    /// Suspends until something is added or the earliest delayed key is due.
    private func waitForWork() async {
        let deadline = delayed.values.min()
        let generation = wakeGeneration
        let id = nextWaiterID
        nextWaiterID += 1
        let clock = self.clock
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForSignal(id: id, generation: generation) }
            if let deadline {
                group.addTask { try? await clock.sleep(until: deadline, tolerance: nil) }
            }
            await group.next()
            group.cancelAll()
        }
        // If the deadline fired first, the signal waiter was cancelled and resumed already.
        waiters[id]?.resume()
        waiters[id] = nil
    }

    private func waitForSignal(id: UInt64, generation: UInt64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                if Task.isCancelled || isShutDown || generation != wakeGeneration {
                    continuation.resume()
                } else {
                    waiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.wake(id: id) }
        }
    }

    private func wake(id: UInt64) {
        waiters.removeValue(forKey: id)?.resume()
    }

    private func wakeWaiters() {
        wakeGeneration &+= 1
        let pending = waiters
        waiters = [:]
        for continuation in pending.values { continuation.resume() }
    }
}
