import CronMonitorController
import KubernetesRuntime
import Logging
import OperatorServices
import ServiceLifecycle

/// Leader election as a service: campaigns and renews until shutdown (then releases the Lease);
/// losing the lease ends it with `OperatorError.leadershipLost`, the one path by which a lost
/// lease ends the process.
struct LeaderElectionService<C: Clock & Sendable>: Service where C.Duration == Duration, C.Instant: Sendable {
    let elector: LeaderElector<C>
    let observer: OperatorObserver
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await elector.run() }
        } catch {
            observer.leader(false)
            logger.error(
                "Leadership lost: this replica stopped writing and exits, to restart as a follower",
                metadata: ["error": "\(error)"])
            throw OperatorError.leadershipLost
        }
    }
}

/// The reconcilers: wait until this replica leads (at once without leader election), then run
/// the controller until shutdown. In-flight reconciles finish before it returns.
struct ReconcileService<C: Clock & Sendable>: Service where C.Duration == Duration {
    let controller: Controller<CronMonitorReconciler, C>
    /// True once leading; false if leadership ended first (the elector reports why).
    let waitUntilLeading: @Sendable () async -> Bool
    let observer: OperatorObserver
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            // A follower keeps its caches warm and waits for the lease.
            guard await waitUntilLeading() else { return }
            guard !Task.isCancelled else { return }
            observer.leader(true)
            logger.info("Reconciling CronMonitors once the caches have synced")
            await controller.run()
        }
        // Ended without shutdown (leadership ended first): wait for the group to stop, which the
        // elector's error is about to do, rather than ending the group on a success.
        try? await gracefulShutdown()
    }
}

/// Runs `body` every `period` until shutdown; with `finally`, once more on the way out (the
/// series flush: the last counts reach the server).
struct PeriodicService<C: Clock & Sendable>: Service where C.Duration == Duration {
    let period: Duration
    let clock: C
    let finally: Bool
    let body: @Sendable () async -> Void

    init(every period: Duration, clock: C, finally: Bool = false, _ body: @escaping @Sendable () async -> Void) {
        self.period = period
        self.clock = clock
        self.finally = finally
        self.body = body
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while (try? await clock.sleep(for: period)) != nil {
                await body()
            }
        }
        if finally {
            await body()
        }
    }
}

/// Bounds a graceful shutdown: when the group starts shutting down (this service is the last
/// one, so it hears first), it arms a timer; if the process is still running when the timer
/// fires, `onExpiry` ends it. Requests hanging on an unreachable API server can never hold a
/// pod in Terminating.
public struct ShutdownDeadline<C: Clock & Sendable>: Service where C.Duration == Duration {
    public let limit: Duration
    let clock: C
    let logger: Logger
    let onExpiry: @Sendable () -> Void

    /// - Parameter onExpiry: ends the process (called from a task of its own).
    public init(limit: Duration, clock: C, logger: Logger, onExpiry: @escaping @Sendable () -> Void) {
        self.limit = limit
        self.clock = clock
        self.logger = logger
        self.onExpiry = onExpiry
    }

    public func run() async throws {
        // Cancelled (not a graceful shutdown): nothing to bound.
        guard (try? await gracefulShutdown()) != nil else { return }
        logger.notice(
            "Shutting down: reconcilers finish, the lease is released, watches close",
            metadata: ["operator.shutdown_limit": "\(limit)"])
        let limit = limit
        let clock = clock
        let onExpiry = onExpiry
        Task.detached {
            try await clock.sleep(for: limit)
            onExpiry()
        }
    }
}
