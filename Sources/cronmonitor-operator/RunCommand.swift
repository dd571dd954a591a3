import ArgumentParser
import CronMonitorController
import CronMonitorDashboard
import Foundation
import KubernetesClient
import Logging
import OperatorServices
import CronMonitorOperator

/// `cronmonitor-operator run`: the operator itself (the default subcommand).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Runs the operator: watches CronMonitors, Jobs and CronJobs, writes status and Events."
    )

    @Option(help: ArgumentHelp(
        "Path to a kubeconfig file (else KUBECONFIG, else in-cluster, else ~/.kube/config).", valueName: "path"))
    var kubeconfig: String?

    @Option(name: .customLong("namespace"), help: ArgumentHelp(
        "A namespace to watch; repeat for several. Default: all namespaces.", valueName: "ns"))
    var namespaces: [String] = []

    @Flag(help: "Elect a leader with a Lease, so only one replica acts.")
    var leaderElect = false

    @Option(help: ArgumentHelp(
        "Namespace of the leader-election Lease (default: POD_NAMESPACE, else the service account's namespace, else default).",
        valueName: "ns"))
    var leaderElectionNamespace: String?

    @Option(help: ArgumentHelp("Name of the leader-election Lease.", valueName: "name"))
    var leaderElectionId = "cronmonitor-operator"

    @Option(help: ArgumentHelp("Address of /metrics ([host]:port); 0 disables it.", valueName: "address"))
    var metricsBindAddress = ":8080"

    @Option(help: ArgumentHelp("Address of /healthz and /readyz ([host]:port); 0 disables it.", valueName: "address"))
    var healthProbeBindAddress = ":8081"

    @Option(help: ArgumentHelp(
        "Address of the read-only web dashboard ([host]:port); 0 disables it.", valueName: "address"))
    var dashboardBindAddress = "0"

    @Option(help: "Lowest level logged.")
    var logLevel: LogLevelOption = .info

    @Option(help: "Log line format.")
    var logFormat: LogFormatOption = .json

    @Option(help: ArgumentHelp("Monitors reconciled at once (at least 1).", valueName: "n"))
    var maxConcurrentReconciles = 4

    @Option(help: ArgumentHelp(
        "Requests per second to the Kubernetes API, sustained (at least \(APIRateLimit.minimumQPS); 0: no limit).",
        valueName: "qps"))
    var kubeApiQps = APIRateLimit.defaultQPS

    @Option(help: ArgumentHelp("Requests to the Kubernetes API allowed at once (at least 1).", valueName: "n"))
    var kubeApiBurst = APIRateLimit.defaultBurst

    /// The validated `--kube-api-qps` and `--kube-api-burst`.
    func apiRateLimit() throws(APIRateLimitError) -> APIRateLimit {
        try APIRateLimit(qps: kubeApiQps, burst: kubeApiBurst)
    }

    func validate() throws {
        guard maxConcurrentReconciles >= 1 else {
            throw ValidationError("--max-concurrent-reconciles must be at least 1, got \(maxConcurrentReconciles)")
        }
        do {
            _ = try apiRateLimit()
        } catch {
            throw ValidationError(error.description)
        }
        for namespace in namespaces where !RuntimeDefaults.isValidNamespace(namespace) {
            throw ValidationError("--namespace '\(namespace)' is not a valid namespace name")
        }
        if let namespace = leaderElectionNamespace, !RuntimeDefaults.isValidNamespace(namespace) {
            throw ValidationError("--leader-election-namespace '\(namespace)' is not a valid namespace name")
        }
        guard !leaderElectionId.isEmpty else {
            throw ValidationError("--leader-election-id must not be empty")
        }
        let addresses = [
            ("--metrics-bind-address", metricsBindAddress), ("--health-probe-bind-address", healthProbeBindAddress),
            ("--dashboard-bind-address", dashboardBindAddress),
        ]
        for (flag, value) in addresses {
            do {
                _ = try ListenAddress(parsing: value)
            } catch {
                throw ValidationError("\(flag): \(error)")
            }
        }
    }

    /// How long a graceful shutdown (SIGTERM, SIGINT) may take before the process ends anyway:
    /// within Kubernetes' grace period with room to spare, whatever the API server does.
    static let shutdownLimit: Duration = .seconds(9)

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let hostname = ProcessInfo.processInfo.hostName
        LoggingSystem.bootstrap(logFormat.format.makeHandlerFactory(level: logLevel.level))
        let logger = Logger(label: "cronmonitor-operator")

        let cluster: ClusterConfiguration
        let curl: CurlTransport
        do {
            cluster = try ClusterConfiguration.load(
                kubeconfigPath: kubeconfig, context: nil, environment: environment,
                homeDirectory: environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path,
                now: Date.init)
            curl = try CurlTransport(configuration: cluster)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }

        let metrics = OperatorMetrics()
        let clock = ContinuousClock()
        let rateLimit = try apiRateLimit()  // checked by validate()
        let limited = RateLimitedTransport(
            base: MetricsTransport(base: curl, metrics: metrics), qps: rateLimit.qps, burst: rateLimit.burst,
            clock: clock)
        // Writes and reads retry 429/5xx; lists and watches do not: watchers back off themselves.
        let transport = RetryingTransport(base: limited, clock: clock)
        // The Lease neither retries (each request is bounded by half the renew deadline) nor
        // waits for tokens behind the reconcilers' writes: it has a bucket of its own.
        let leaseTransport = RateLimitedTransport(
            base: MetricsTransport(base: curl, metrics: metrics), qps: rateLimit.qps, burst: rateLimit.burst,
            clock: clock)
        let options = OperatorOptions(
            namespaces: namespaces,
            leaderElect: leaderElect,
            leaderElectionNamespace: RuntimeDefaults.leaderElectionNamespace(
                flag: leaderElectionNamespace, environment: environment,
                serviceAccountDirectory: InClusterConfiguration.defaultServiceAccountDirectory),
            leaderElectionID: leaderElectionId,
            maxConcurrentReconciles: maxConcurrentReconciles,
            identity: RuntimeDefaults.identity(hostname: hostname, uuid: UUID()),
            reportingInstance: RuntimeDefaults.reportingInstance(environment: environment, hostname: hostname),
            // The dashboard's "Recent Events" come from a cache of the Events about CronMonitors.
            cachesEvents: try ListenAddress(parsing: dashboardBindAddress) != .disabled)
        let cronMonitorOperator = Operator(
            client: KubernetesClient(transport: transport), watchClient: KubernetesClient(transport: limited),
            leaseClient: KubernetesClient(transport: leaseTransport), options: options, observer: metrics.makeObserver(),
            logger: logger, clock: clock)
        let server = try ProbeServer(
            probeAddress: ListenAddress(parsing: healthProbeBindAddress),
            metricsAddress: ListenAddress(parsing: metricsBindAddress),
            metrics: metrics, readiness: { cronMonitorOperator.readiness }, logger: logger)
        let dashboard: DashboardServer<ContinuousClock>? =
            switch try ListenAddress(parsing: dashboardBindAddress) {
            case .disabled: nil
            case .host(let host, let port):
                DashboardServer(
                    host: host, port: port,
                    monitors: MonitorSource(caches: cronMonitorOperator.caches, events: cronMonitorOperator.events),
                    clock: clock,
                    logger: logger)
            }

        logger.info("Starting the operator", metadata: [
            "operator.version": "\(OperatorVersion.current)",
            "k8s.server": "\(cluster.server.absoluteString)",
            "operator.namespaces": "\(namespaces.isEmpty ? "all" : namespaces.joined(separator: ","))",
            "operator.leader_elect": "\(leaderElect)",
            "k8s.client.qps": "\(rateLimit.isUnlimited ? "unlimited" : "\(rateLimit.qps)")",
            "k8s.client.burst": "\(rateLimit.burst)",
            "operator.identity": "\(options.identity)",
        ])
        let deadline = ShutdownDeadline(limit: Self.shutdownLimit, clock: clock, logger: logger) {
            logger.error(
                "Shutdown did not finish in time; exiting now",
                metadata: ["operator.shutdown_limit": "\(Self.shutdownLimit)"])
            Foundation.exit(1)
        }
        do {
            try await cronMonitorOperator.run(
                http: server, dashboard: dashboard, gracefulShutdownSignals: [.sigterm, .sigint], shutdownDeadline: deadline)
            logger.info("Stopped")
        } catch OperatorError.leadershipLost {
            logger.error("Exiting after losing leadership")
            throw ExitCode.failure
        } catch {
            logger.error("Operator failed; exiting", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
    }
}
