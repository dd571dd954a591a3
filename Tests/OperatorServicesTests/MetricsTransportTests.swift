import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesTestSupport
import Testing

@testable import OperatorServices

@Suite(.timeLimit(.minutes(2))) struct MetricsTransportTests {
    @Test func countsEveryRequestByVerbAndCode() async throws {
        let scripted = ScriptedTransport([
            .get("/api/v1/namespaces/a/pods/p", reply: .json(200, "{}")),
            .get("/api/v1/namespaces/a/pods/q", reply: .status(404, reason: "NotFound", message: "not found")),
            .patch("/apis/batch/v1/namespaces/a/jobs/j", contentType: "application/merge-patch+json", body: .object([:]),
                   reply: .status(409, reason: "Conflict", message: "conflict")),
            .get("/api/v1/namespaces/a/pods/r", reply: .failure(TransportError(.connect, "refused"))),
            .watch("/apis/batch/v1/jobs?watch=true", reply: .events([])),
            .get("/api/v1/namespaces/a/pods/p", reply: .json(200, "{}")),
        ])
        let metrics = OperatorMetrics()
        let transport = MetricsTransport(base: scripted, metrics: metrics)

        _ = try await transport.send(HTTPRequest(method: .get, path: "/api/v1/namespaces/a/pods/p"))
        _ = try await transport.send(HTTPRequest(method: .get, path: "/api/v1/namespaces/a/pods/q"))
        _ = try await transport.send(HTTPRequest(
            method: .patch, path: "/apis/batch/v1/namespaces/a/jobs/j",
            headers: ["Content-Type": "application/merge-patch+json"], body: Data("{}".utf8)))
        await #expect(throws: TransportError.self) {
            _ = try await transport.send(HTTPRequest(method: .get, path: "/api/v1/namespaces/a/pods/r"))
        }
        let stream = try await transport.stream(HTTPRequest(method: .get, path: "/apis/batch/v1/jobs?watch=true", isStreaming: true))
        #expect(stream.status == 200)
        _ = try await transport.send(HTTPRequest(method: .get, path: "/api/v1/namespaces/a/pods/p"))
        try scripted.verifyAllConsumed()

        let text = Exposition(metrics.exposition())
        #expect(text["cronmonitor_api_requests_total", ["verb": "GET", "code": "200"]] == 2)
        #expect(text["cronmonitor_api_requests_total", ["verb": "GET", "code": "404"]] == 1)
        #expect(text["cronmonitor_api_requests_total", ["verb": "PATCH", "code": "409"]] == 1)
        #expect(text["cronmonitor_api_requests_total", ["verb": "GET", "code": "<error>"]] == 1)
        #expect(text["cronmonitor_api_requests_total", ["verb": "WATCH", "code": "200"]] == 1)
    }

    @Test func aStreamThatFailsBeforeItsHeadIsCounted() async {
        let scripted = ScriptedTransport([
            .watch("/apis/batch/v1/jobs?watch=true", reply: .failure(TransportError(.cancelled, "cancelled")))
        ])
        let metrics = OperatorMetrics()
        let transport = MetricsTransport(base: scripted, metrics: metrics)
        await #expect(throws: TransportError.self) {
            _ = try await transport.stream(HTTPRequest(method: .get, path: "/apis/batch/v1/jobs?watch=true", isStreaming: true))
        }
        #expect(Exposition(metrics.exposition())["cronmonitor_api_requests_total", ["verb": "WATCH", "code": "<cancelled>"]] == 1)
    }
}
