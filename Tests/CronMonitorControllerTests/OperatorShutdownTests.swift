import CronMonitorController
import CronMonitorOperator
import KubernetesClient
import Logging
import Testing

/// Stopping the operator (SIGTERM, a test ending its replica) must end `run()` whatever state it
/// is in, including before its caches have synced (the API down, the CRD not installed).
@Suite(.timeLimit(.minutes(2))) struct OperatorShutdownTests {
    /// An API server that refuses every connection; reports the first attempt.
    final class UnreachableAPI: HTTPTransport {
        let firstRequest: AsyncStream<Void>
        private let attempted: AsyncStream<Void>.Continuation

        init() {
            (firstRequest, attempted) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        }

        func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
            attempted.yield()
            throw TransportError(.connect, "connection refused")
        }

        func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
            attempted.yield()
            throw TransportError(.connect, "connection refused")
        }
    }

    @Test(.timeLimit(.minutes(5)), arguments: [false, true])
    func anOperatorCancelledBeforeItsCachesSyncStops(leaderElect: Bool) async {
        let api = UnreachableAPI()
        var logger = Logger(label: "operator-shutdown-test")
        logger.logLevel = .critical
        var options = OperatorOptions(identity: "replica-a", reportingInstance: "replica-a")
        options.leaderElect = leaderElect
        let cronMonitorOperator = Operator(
            client: KubernetesClient(transport: api), options: options, observer: OperatorObserver(), logger: logger)
        let running = Task { try await cronMonitorOperator.run() }
        for await _ in api.firstRequest { break }
        #expect(!cronMonitorOperator.isReady)
        running.cancel()
        // Before the fix this wait never ended: the controller waited for the caches to sync.
        _ = await running.result
        #expect(!cronMonitorOperator.isReady)
    }
}
