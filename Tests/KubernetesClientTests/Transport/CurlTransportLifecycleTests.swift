import Foundation
import KubernetesClient
import KubernetesTestSupport
import Testing

@Suite("CurlTransport concurrency, cancellation and credentials", .timeLimit(.minutes(5)))
struct CurlTransportLifecycleTests {
    struct FailingCredentials: CredentialProvider {
        func currentCredentials() async throws(CredentialError) -> Credentials {
            throw CredentialError("token file /var/run/secrets/token is unreadable")
        }

        func invalidate() async {}
    }

    @Test func concurrentRequestsAllComplete() async throws {
        let server = try await LoopbackServer.start { request, responder in
            try await responder.respond(status: 200, text: request.queryItem("n") ?? "")
        }
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server)
        let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for n in 0..<24 {
                group.addTask {
                    let response = try await transport.send(HTTPRequest(method: .get, path: "/echo?n=\(n)"))
                    return (n, String(decoding: response.body, as: UTF8.self))
                }
            }
            var bodies: [Int: String] = [:]
            for try await (n, body) in group { bodies[n] = body }
            return bodies
        }
        #expect(bodies == Dictionary(uniqueKeysWithValues: (0..<24).map { ($0, String($0)) }))
        #expect(server.requests.count == 24)
    }

    @Test func cancellingASendAbortsTheRequest() async throws {
        let received = Signal()
        let closed = Signal()
        let server = try await LoopbackServer.start { _, responder in
            received.raise()
            await responder.waitForClose()
            closed.raise()
        }
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server)
        let task = Task { try await transport.send(HTTPRequest(method: .get, path: "/slow")) }
        await received.wait()
        task.cancel()
        let result = await task.result
        #expect {
            _ = try result.get()
        } throws: { error in
            (error as? TransportError)?.kind == .cancelled
        }
        await closed.wait()
        #expect(server.closedConnections >= 1)
    }

    @Test func credentialFailuresAreTypedAndSendNothing() async throws {
        let server = try await LoopbackServer.start(handler: LoopbackServer.fixed(status: 200))
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server, credentials: FailingCredentials())
        await #expect {
            _ = try await transport.send(HTTPRequest(method: .get, path: "/"))
        } throws: { error in
            (error as? TransportError)?.kind == .credentials
        }
        #expect(server.requests.isEmpty)
    }

    @Test(arguments: ["ftp://127.0.0.1/", "file:///etc/passwd", "https:///no-host"])
    func unsupportedServerURLsAreRejected(url: String) throws {
        let server = try #require(URL(string: url))
        #expect(throws: TransportError.self) {
            try CurlTransport(
                configuration: ClusterConfiguration(
                    server: server, tls: TLSSettings(), credentials: StaticCredentials(), namespace: nil))
        }
    }
}
