import KubernetesRuntime

/// How the operator runs: the parsed and validated form of its command-line flags (minus the
/// HTTP servers and logging, which the executable owns).
public struct OperatorOptions: Sendable, Equatable {
    /// Namespaces to watch; empty means all namespaces.
    public var namespaces: [String]
    public var leaderElect: Bool
    public var leaderElectionNamespace: String
    public var leaderElectionID: String
    public var leaseTiming: LeaseTiming
    public var maxConcurrentReconciles: Int
    /// Leader-election identity (`hostname_uuid`).
    public var identity: String
    /// `reportingInstance` of every Event (the pod name).
    public var reportingInstance: String
    /// Keep a cache of the Events about CronMonitors (for the dashboard's "Recent Events"; on
    /// when the dashboard is served).
    public var cachesEvents: Bool

    public init(
        namespaces: [String] = [],
        leaderElect: Bool = false,
        leaderElectionNamespace: String = "default",
        leaderElectionID: String = "cronmonitor-operator",
        leaseTiming: LeaseTiming = .standard,
        maxConcurrentReconciles: Int = 4,
        identity: String,
        reportingInstance: String,
        cachesEvents: Bool = false
    ) {
        self.namespaces = namespaces
        self.leaderElect = leaderElect
        self.leaderElectionNamespace = leaderElectionNamespace
        self.leaderElectionID = leaderElectionID
        self.leaseTiming = leaseTiming
        self.maxConcurrentReconciles = maxConcurrentReconciles
        self.identity = identity
        self.reportingInstance = reportingInstance
        self.cachesEvents = cachesEvents
    }
}
