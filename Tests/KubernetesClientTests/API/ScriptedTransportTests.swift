import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesTestSupport
import Testing

@Suite(.timeLimit(.minutes(2))) struct ScriptedTransportTests {
    @Test func outOfOrderCallIsRefusedAndReported() async {
        let transport = ScriptedTransport([
            .get("/api/v1/namespaces/a/pods/x", reply: .json(200, "{}")),
            .get("/api/v1/namespaces/a/pods/y", reply: .json(200, "{}")),
        ])
        await #expect(throws: TransportError.self) {
            _ = try await transport.send(HTTPRequest(method: .get, path: "/api/v1/namespaces/a/pods/y"))
        }
        #expect(transport.failures == ["request #1 GET /api/v1/namespaces/a/pods/y: expected GET /api/v1/namespaces/a/pods/x"])
        #expect(throws: ScriptedTransportError.self) { try transport.verifyAllConsumed() }
    }

    @Test func extraCallIsRefusedAndReported() async throws {
        let transport = ScriptedTransport([.get("/x", reply: .json(200, "{}"))])
        _ = try await transport.send(HTTPRequest(method: .get, path: "/x"))
        try transport.verifyAllConsumed()
        await #expect(throws: TransportError.self) {
            _ = try await transport.send(HTTPRequest(method: .get, path: "/x"))
        }
        #expect(transport.requests.count == 2)
        #expect(throws: ScriptedTransportError(messages: ["unexpected extra request: GET /x"])) {
            try transport.verifyAllConsumed()
        }
    }

    @Test func missingCallIsReported() async throws {
        let transport = ScriptedTransport([
            .get("/x", reply: .json(200, "{}")),
            .delete("/y", reply: .json(200, "{}")),
        ])
        _ = try await transport.send(HTTPRequest(method: .get, path: "/x"))
        #expect(throws: ScriptedTransportError(messages: ["expected request never made: DELETE /y"])) {
            try transport.verifyAllConsumed()
        }
    }

    @Test func bodyAndHeaderChecks() async throws {
        let transport = ScriptedTransport([
            .patch("/p", contentType: "application/merge-patch+json", body: .object(["a": .int(1)]), reply: .json(200, "{}")),
        ])
        let wrongBody = HTTPRequest(
            method: .patch, path: "/p", headers: ["Content-Type": "application/merge-patch+json"], body: Data(#"{"a":2}"#.utf8))
        await #expect(throws: TransportError.self) { _ = try await transport.send(wrongBody) }
        #expect(transport.failures.first?.contains(#"body {"a":2} differs"#) == true)
        let right = HTTPRequest(
            method: .patch, path: "/p", headers: ["content-type": "application/merge-patch+json"], body: Data(#" { "a" : 1 } "#.utf8))
        let response = try await transport.send(right)
        #expect(response.status == 200)
        #expect(throws: ScriptedTransportError.self) { try transport.verifyAllConsumed() }
    }

    @Test func watchExchangeRequiresAStreamingRequest() async {
        let transport = ScriptedTransport([.watch("/w?watch=true", reply: .events([]))])
        await #expect(throws: TransportError.self) {
            _ = try await transport.send(HTTPRequest(method: .get, path: "/w?watch=true"))
        }
        #expect(transport.failures == ["request #1 GET /w?watch=true: expected a streaming request"])
    }

    @Test func statusReplyLooksLikeTheServers() async throws {
        let transport = ScriptedTransport([
            .get("/x", reply: .status(429, reason: "TooManyRequests", message: "slow down", retryAfterSeconds: 4)),
        ])
        let response = try await transport.send(HTTPRequest(method: .get, path: "/x"))
        #expect(response.headers["retry-after"] == "4")
        let error = KubernetesError(response: response)
        #expect(error == .tooManyRequests(
            Status(status: "Failure", message: "slow down", reason: "TooManyRequests",
                   details: StatusDetails(retryAfterSeconds: 4), code: 429),
            retryAfterSeconds: 4))
        try transport.verifyAllConsumed()
    }
}
