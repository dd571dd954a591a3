import CronMonitorAPI
import Foundation
import KubernetesClient
import KubernetesRuntime
import Logging
import Synchronization
import Testing

@testable import OperatorServices

@Suite(.timeLimit(.minutes(5))) struct ProbeServerTests {
    /// A plain-HTTP client for `http://127.0.0.1:<port>`.
    func client(port: Int) throws -> CurlTransport {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)"))
        return try CurlTransport(configuration: ClusterConfiguration(
            server: url, tls: TLSSettings(), credentials: StaticCredentials(), namespace: nil))
    }

    @Test func servesProbesAndMetricsOverLoopback() async throws {
        let ready = Flag()
        let metrics = OperatorMetrics()
        metrics.apiRequest(verb: "GET", code: "200")
        // Enough monitors for the body to be written in many pieces (about 2.6 KB each).
        for index in 0..<200 {
            metrics.monitorStatus(namespace: "team-a", name: "monitor-\(index)", status: CronMonitorStatus())
        }
        let server = ProbeServer(
            probeAddress: .host("127.0.0.1", port: 0), metricsAddress: .host("127.0.0.1", port: 0),
            metrics: metrics,
            readiness: {
                ReadinessReport(
                    isReady: ready.isSet, lines: [ready.isSet ? "batch/jobs: synced" : "batch/jobs: not synced: 403"])
            }, logger: Logger(label: "test"))
        let (listening, continuation) = AsyncStream.makeStream(of: (Set<ProbeServer.Role>, Int).self)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run { roles, port in continuation.yield((roles, port)) } }
            var ports: [ProbeServer.Role: Int] = [:]
            for await (roles, port) in listening {
                for role in roles { ports[role] = port }
                if ports.count == 2 { break }
            }
            let probes = try client(port: try #require(ports[.probes]))
            let metricsClient = try client(port: try #require(ports[.metrics]))
            #expect(ports[.probes] != ports[.metrics])

            let health = try await probes.send(HTTPRequest(method: .get, path: "/healthz"))
            #expect(health.status == 200)
            let notReady = try await probes.send(HTTPRequest(method: .get, path: "/readyz"))
            #expect(notReady.status == 503)
            #expect(String(decoding: notReady.body, as: UTF8.self) == "not ready\nbatch/jobs: not synced: 403\n")
            ready.set(true)
            let isReady = try await probes.send(HTTPRequest(method: .get, path: "/readyz"))
            #expect(isReady.status == 200)
            #expect(String(decoding: isReady.body, as: UTF8.self) == "ok\nbatch/jobs: synced\n")
            // Metrics are served on their own address only.
            let wrongPlace = try await probes.send(HTTPRequest(method: .get, path: "/metrics"))
            #expect(wrongPlace.status == 404)

            let scrape = try await metricsClient.send(HTTPRequest(method: .get, path: "/metrics"))
            #expect(scrape.status == 200)
            #expect(scrape.headers["content-type"] == "text/plain; version=0.0.4")
            let text = Exposition(String(decoding: scrape.body, as: UTF8.self))
            #expect(text["cronmonitor_api_requests_total", ["verb": "GET", "code": "200"]] == 1)
            #expect(text["cronmonitor_leader"] == 0)
            #expect(text["cronmonitor_health", ["namespace": "team-a", "monitor": "monitor-199", "status": "Unknown", "reason": "Other"]] == 1)
            #expect(String(decoding: scrape.body, as: UTF8.self) == metrics.exposition())

            group.cancelAll()
        }
    }
}
