import KubernetesClient
import Logging

/// The composition root of the controller: watchers and caches for CronMonitors, Jobs and
/// CronJobs, the work queue and reconcilers, the event recorder and (optionally) leader election.
public struct CronMonitorOperator: Sendable {
    public let client: KubernetesClient
    public let options: OperatorOptions
    public let observer: OperatorObserver
    public let logger: Logger

    public init(client: KubernetesClient, options: OperatorOptions, observer: OperatorObserver, logger: Logger) {
        self.client = client
        self.options = options
        self.observer = observer
        self.logger = logger
    }

    /// Whether every cache has synced (drives `/readyz`).
    public var isReady: Bool { false }

    /// Runs until the task is cancelled (graceful shutdown: the lease is released) or leadership
    /// is lost (throws, so the process exits and restarts as a follower).
    public func run() async throws {
        throw OperatorError.leadershipLost
    }
}

/// Why the operator stopped on its own.
public enum OperatorError: Error, Sendable, Equatable {
    /// This replica could not renew its lease in time: it stopped writing and must exit.
    case leadershipLost
}
