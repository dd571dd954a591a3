import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesRuntime
import Synchronization

/// Tells open dashboards which monitors changed. Once per tick it compares the monitors cache
/// (and each monitor's Events revision) with what it saw last (one comparison per server, however many browsers watch) and sends the
/// keys that changed to every subscriber; it also sends keep-alives and ends each subscription
/// after its lifetime (the browser reconnects by itself), so no stream lives forever. At most
/// `limits.maxSubscribers` subscriptions are open at once.
public final class LiveFeed: Sendable {
    /// What a subscriber receives.
    public enum Message: Sendable, Equatable {
        /// The monitors (`namespace/name`) that changed, appeared or went away since the last tick.
        case changed(version: UInt64, monitors: [String])
        case keepAlive
    }

    /// The bounds of the feed, counted in ticks.
    public struct Limits: Sendable, Equatable {
        public var tick: Duration
        public var keepAliveTicks: Int
        public var lifetimeTicks: Int
        public var maxSubscribers: Int
        /// Messages a slow subscriber may have waiting (the oldest are dropped beyond).
        public var buffered: Int

        public init(tick: Duration = .seconds(1), keepAliveTicks: Int = 15, lifetimeTicks: Int = 600, maxSubscribers: Int = 64, buffered: Int = 16) {
            self.tick = tick
            self.keepAliveTicks = keepAliveTicks
            self.lifetimeTicks = lifetimeTicks
            self.maxSubscribers = maxSubscribers
            self.buffered = buffered
        }
    }

    private struct Subscriber {
        var continuation: AsyncStream<Message>.Continuation
        var ticksLeft: Int
    }

    /// A monitor as a tick saw it.
    private struct Seen: Equatable {
        var monitor: CronMonitor
        var eventsRevision: UInt64
    }

    private struct State {
        var seen: [ObjectKey: Seen]?
        var version: UInt64 = 0
        var ticks = 0
        var subscribers: [UInt64: Subscriber] = [:]
        var nextID: UInt64 = 0
        var isClosed = false
    }

    public let limits: Limits
    private let state = Mutex(State())

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The version of the last change seen (0 before any).
    public var version: UInt64 { state.withLock { $0.version } }

    /// How many subscriptions are open.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// A new subscription, or nil when `maxSubscribers` are open (or the feed has closed). The
    /// stream ends after the subscription's lifetime or when the feed closes; dropping it
    /// unsubscribes.
    public func subscribe() -> AsyncStream<Message>? {
        let (stream, continuation) = AsyncStream.makeStream(of: Message.self, bufferingPolicy: .bufferingNewest(limits.buffered))
        let id: UInt64? = state.withLock { state in
            guard !state.isClosed, state.subscribers.count < limits.maxSubscribers else { return nil }
            state.nextID += 1
            state.subscribers[state.nextID] = Subscriber(continuation: continuation, ticksLeft: limits.lifetimeTicks)
            return state.nextID
        }
        guard let id else {
            continuation.finish()
            return nil
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// One tick: compares `monitors` (and their `eventsRevision`) with the last tick's, tells
    /// every subscriber what changed, sends keep-alives when due, and ends the subscriptions
    /// whose lifetime is over. The first tick only records what it sees.
    public func tick(monitors: [CronMonitor], eventsRevision: (CronMonitor) -> UInt64 = { _ in 0 }) {
        var current: [ObjectKey: Seen] = [:]
        current.reserveCapacity(monitors.count)
        for monitor in monitors { current[monitor.key] = Seen(monitor: monitor, eventsRevision: eventsRevision(monitor)) }
        let (deliveries, expired) = state.withLock { state -> ([(AsyncStream<Message>.Continuation, Message)], [AsyncStream<Message>.Continuation]) in
            var messages: [Message] = []
            if let seen = state.seen {
                var changed: [ObjectKey] = []
                for (key, monitor) in current where seen[key] != monitor { changed.append(key) }
                for key in seen.keys where current[key] == nil { changed.append(key) }
                if !changed.isEmpty {
                    state.version += 1
                    messages.append(.changed(version: state.version, monitors: changed.sorted().map(\.description)))
                }
            }
            state.seen = current
            state.ticks += 1
            if limits.keepAliveTicks > 0, state.ticks % limits.keepAliveTicks == 0 { messages.append(.keepAlive) }
            var deliveries: [(AsyncStream<Message>.Continuation, Message)] = []
            var expired: [AsyncStream<Message>.Continuation] = []
            for (id, var subscriber) in state.subscribers {
                for message in messages { deliveries.append((subscriber.continuation, message)) }
                subscriber.ticksLeft -= 1
                if subscriber.ticksLeft <= 0 {
                    expired.append(subscriber.continuation)
                    state.subscribers[id] = nil
                } else {
                    state.subscribers[id] = subscriber
                }
            }
            return (deliveries, expired)
        }
        // Outside the lock: a continuation's termination handler takes it.
        for (continuation, message) in deliveries { continuation.yield(message) }
        for continuation in expired { continuation.finish() }
    }

    /// Ends every subscription and refuses new ones (the server is stopping).
    public func close() {
        let open = state.withLock { state in
            state.isClosed = true
            let open = state.subscribers.values.map(\.continuation)
            state.subscribers = [:]
            return open
        }
        for continuation in open { continuation.finish() }
    }

    /// Ticks every `limits.tick` with the monitors `read` returns, until cancelled; then closes.
    public func run(
        clock: some Clock<Duration>, read: @Sendable () -> [CronMonitor],
        eventsRevision: @Sendable (CronMonitor) -> UInt64 = { _ in 0 }
    ) async {
        tick(monitors: read(), eventsRevision: eventsRevision)
        while (try? await clock.sleep(for: limits.tick)) != nil {
            tick(monitors: read(), eventsRevision: eventsRevision)
        }
        close()
    }
}
