import Foundation
import KubernetesClient
import KubernetesTestSupport
import Testing

@Suite("CurlTransport over loopback HTTP", .timeLimit(.minutes(5)))
struct CurlTransportRoundTripTests {
    /// Echoes the request body with status 201 and a marker header.
    static let echo: LoopbackServer.Handler = { request, responder in
        try await responder.respond(
            status: 201, headers: [("content-type", "application/json"), ("x-echo-method", request.method)],
            body: request.body)
    }

    @Test(arguments: [HTTPMethod.get, .post, .put, .patch, .delete])
    func roundTrip(method: HTTPMethod) async throws {
        let server = try await LoopbackServer.start(handler: Self.echo)
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server)
        let body: Data? = method == .get ? nil : Data(#"{"metadata":{"name":"café"}}"#.utf8)
        let contentType = method == .patch ? "application/merge-patch+json" : nil
        var headers = ["Accept": "application/json"]
        if let contentType { headers["Content-Type"] = contentType }
        let request = HTTPRequest(method: method, path: "/apis/batch/v1/namespaces/ns/jobs?limit=500", headers: headers, body: body)

        let response = try await transport.send(request)

        #expect(response.status == 201)
        #expect(response.headers["x-echo-method"] == method.rawValue)
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.body == (body ?? Data()))
        let received = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(received.method == method.rawValue)
        #expect(received.uri == "/apis/batch/v1/namespaces/ns/jobs?limit=500")
        #expect(received.header("user-agent") == "cronmonitor-operator/\(OperatorVersion.version)")
        #expect(received.header("authorization") == "Bearer t0k3n")
        #expect(received.header("accept") == "application/json")
        #expect(received.header("accept-encoding")?.contains("gzip") == true)
        #expect(received.header("expect") == nil)
        #expect(received.body == Array(body ?? Data()))
        if body != nil {
            #expect(received.header("content-type") == (contentType ?? "application/json"))
        }
    }

    @Test func aCallerCannotSetAuthorization() async throws {
        let server = try await LoopbackServer.start(handler: LoopbackServer.fixed(status: 200))
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server, credentials: StaticCredentials())
        _ = try await transport.send(HTTPRequest(method: .get, path: "/api", headers: ["Authorization": "Bearer sneaky"]))
        #expect(server.requests.first?.header("authorization") == nil)
    }

    @Test func sequentialRequestsReuseTheConnection() async throws {
        let server = try await LoopbackServer.start(handler: LoopbackServer.fixed(status: 200, body: "{}"))
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server)
        for _ in 0..<5 {
            #expect(try await transport.send(HTTPRequest(method: .get, path: "/version")).status == 200)
        }
        #expect(Set(server.requests.map(\.connectionID)) == [0])
    }

    @Test func gzipBodiesAreDecoded() async throws {
        // `printf 'hello gzip world\n' | gzip -cn`
        let gzipped: [UInt8] = [
            31, 139, 8, 0, 0, 0, 0, 0, 0, 3, 203, 72, 205, 201, 201, 87, 72, 175, 202, 44, 80, 40, 207, 47, 202,
            73, 225, 2, 0, 62, 86, 0, 232, 17, 0, 0, 0,
        ]
        let server = try await LoopbackServer.start { _, responder in
            try await responder.respond(status: 200, headers: [("content-encoding", "gzip")], body: gzipped)
        }
        defer { Task { await server.shutdown() } }
        let response = try await makeTransport(server).send(HTTPRequest(method: .get, path: "/"))
        #expect(String(decoding: response.body, as: UTF8.self) == "hello gzip world\n")
    }

    @Test func errorStatusesAreResponses() async throws {
        let server = try await LoopbackServer.start(handler: LoopbackServer.fixed(status: 404, body: #"{"kind":"Status"}"#))
        defer { Task { await server.shutdown() } }
        let response = try await makeTransport(server).send(HTTPRequest(method: .get, path: "/missing"))
        #expect(response.status == 404)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"kind":"Status"}"#)
    }

    @Test func unauthorizedInvalidatesCredentialsAndRetriesOnce() async throws {
        let server = try await LoopbackServer.start { request, responder in
            let ok = request.header("authorization") == "Bearer fresh"
            try await responder.respond(status: ok ? 200 : 401, text: ok ? "ok" : "")
        }
        defer { Task { await server.shutdown() } }
        let credentials = RotatingCredentials(tokens: ["stale", "fresh"])
        let response = try await makeTransport(server, credentials: credentials).send(HTTPRequest(method: .get, path: "/api"))
        #expect(response.status == 200)
        #expect(credentials.invalidations == 1)
        #expect(server.requests.map { $0.header("authorization") } == ["Bearer stale", "Bearer fresh"])
    }

    @Test func aSecond401IsReturnedWithoutFurtherRetries() async throws {
        let server = try await LoopbackServer.start(handler: LoopbackServer.fixed(status: 401))
        defer { Task { await server.shutdown() } }
        let credentials = RotatingCredentials(tokens: ["a", "b", "c"])
        let response = try await makeTransport(server, credentials: credentials).send(HTTPRequest(method: .get, path: "/api"))
        #expect(response.status == 401)
        #expect(credentials.invalidations == 1)
        #expect(server.requests.count == 2)
    }

    @Test func retryAfterIsHonouredOverRealHTTP() async throws {
        let counter = Counter()
        let server = try await LoopbackServer.start { _, responder in
            if counter.increment() == 1 {
                try await responder.respond(status: 429, headers: [("retry-after", "1")])
            } else {
                try await responder.respond(status: 200, text: "ok")
            }
        }
        defer { Task { await server.shutdown() } }
        let transport = RetryingTransport(base: try makeTransport(server), clock: ContinuousClock())
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await transport.send(HTTPRequest(method: .get, path: "/api/v1/pods"))
        let elapsed = start.duration(to: clock.now)
        #expect(response.status == 200)
        #expect(server.requests.count == 2)
        #expect(elapsed >= .seconds(1))
    }

    @Test func aHangingRequestTimesOut() async throws {
        let server = try await LoopbackServer.start { _, responder in
            await responder.waitForClose()
        }
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server, options: CurlTransportOptions(requestTimeout: .milliseconds(300)))
        await #expect {
            _ = try await transport.send(HTTPRequest(method: .get, path: "/hang"))
        } throws: { error in
            (error as? TransportError)?.kind == .timeout
        }
    }

    /// A request's own timeout wins over the transport's (here a minute): the lease requests of
    /// leader election are bounded by half the renew deadline that way.
    @Test func aRequestsOwnTimeoutBoundsIt() async throws {
        let server = try await LoopbackServer.start { _, responder in
            await responder.waitForClose()
        }
        defer { Task { await server.shutdown() } }
        let transport = RequestTimeoutTransport(
            base: try makeTransport(server, options: CurlTransportOptions(requestTimeout: .seconds(60))),
            timeout: .milliseconds(300))
        await #expect {
            _ = try await transport.send(HTTPRequest(method: .get, path: "/hang"))
        } throws: { error in
            (error as? TransportError)?.kind == .timeout
        }
    }

    @Test func aRefusedConnectionIsAConnectError() async throws {
        let server = try await LoopbackServer.start(handler: LoopbackServer.fixed(status: 200))
        let transport = try makeTransport(server)
        await server.shutdown()
        await #expect {
            _ = try await transport.send(HTTPRequest(method: .get, path: "/"))
        } throws: { error in
            (error as? TransportError)?.kind == .connect
        }
    }
}
