import Foundation
import KubernetesTestSupport
import KubernetesClient
import Testing

@Suite("RetryingTransport with a manual clock", .timeLimit(.minutes(2)))
struct RetryingTransportTests {
    static let get = HTTPRequest(method: .get, path: "/api/v1/namespaces")

    @Test func waitsForRetryAfterBeforeRetrying() async throws {
        let clock = ManualClock()
        let base = FakeTransport(clock: clock, steps: [
            .respond(HTTPResponse(status: 429, headers: ["retry-after": "3"])),
            .respond(HTTPResponse(status: 200, body: Data("ok".utf8))),
        ])
        let transport = RetryingTransport(base: base, clock: clock)
        let task = Task { try await transport.send(Self.get) }
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(2_999))
        #expect(base.calls.count == 1)
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .milliseconds(1))
        let response = try await task.value
        #expect(response.status == 200)
        #expect(base.calls.map(\.at) == [.zero, .seconds(3)])
    }

    @Test func backsOffExponentiallyWithoutRetryAfter() async throws {
        let clock = ManualClock()
        let base = FakeTransport(clock: clock, steps: [
            .respond(HTTPResponse(status: 503)),
            .respond(HTTPResponse(status: 500)),
            .respond(HTTPResponse(status: 200)),
        ])
        let transport = RetryingTransport(base: base, policy: RetryPolicy(initialBackoff: .seconds(1)), clock: clock)
        let task = Task { try await transport.send(Self.get) }
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(1))
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(2))
        #expect(try await task.value.status == 200)
        #expect(base.calls.map(\.at) == [.zero, .seconds(1), .seconds(3)])
    }

    @Test func givesUpAfterMaxRetriesWithTheLastResponse() async throws {
        let clock = ManualClock()
        let base = FakeTransport(clock: clock, steps: [
            .respond(HTTPResponse(status: 503, headers: ["retry-after": "0"])),
            .respond(HTTPResponse(status: 503, headers: ["retry-after": "0"])),
            .respond(HTTPResponse(status: 502, headers: ["retry-after": "0"])),
        ])
        let transport = RetryingTransport(base: base, policy: RetryPolicy(maxRetries: 2), clock: clock)
        let response = try await transport.send(Self.get)
        #expect(response.status == 502)
        #expect(base.calls.count == 3)
    }

    @Test func retriesConnectFailuresOfIdempotentRequestsOnly() async throws {
        let clock = ManualClock()
        let refused = TransportError(.connect, "connection refused")
        let getBase = FakeTransport(clock: clock, steps: [.fail(refused), .respond(HTTPResponse(status: 200))])
        let getTask = Task { try await RetryingTransport(base: getBase, clock: clock).send(Self.get) }
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(200))
        #expect(try await getTask.value.status == 200)
        #expect(getBase.calls.count == 2)

        let postBase = FakeTransport(clock: clock, steps: [.fail(refused)])
        let post = HTTPRequest(method: .post, path: "/api/v1/namespaces/a/events", body: Data("{}".utf8))
        await #expect(throws: refused) {
            try await RetryingTransport(base: postBase, clock: clock).send(post)
        }
        #expect(postBase.calls.count == 1)
    }

    @Test func doesNotRetryClientErrors() async throws {
        let clock = ManualClock()
        let base = FakeTransport(clock: clock, steps: [.respond(HTTPResponse(status: 409))])
        let response = try await RetryingTransport(base: base, clock: clock).send(Self.get)
        #expect(response.status == 409)
        #expect(base.calls.count == 1)
    }

    @Test func retriesAStreamOnlyBeforeItStarts() async throws {
        let clock = ManualClock()
        let base = FakeTransport(clock: clock, steps: [
            .respond(HTTPResponse(status: 429, headers: ["retry-after": "2"])),
            .respond(HTTPResponse(status: 200, body: Data("{\"type\":\"ADDED\"}\n".utf8))),
        ])
        let transport = RetryingTransport(base: base, clock: clock)
        let watch = HTTPRequest(method: .get, path: "/apis/batch/v1/jobs?watch=1", isStreaming: true)
        let task = Task { try await transport.stream(watch) }
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(2))
        let response = try await task.value
        var bytes: [UInt8] = []
        for try await chunk in response.body { bytes += chunk }
        #expect(response.status == 200)
        #expect(String(decoding: bytes, as: UTF8.self) == "{\"type\":\"ADDED\"}\n")
        #expect(base.calls.map(\.at) == [.zero, .seconds(2)])
    }

    @Test func cancellationDuringTheWaitEndsTheCall() async throws {
        let clock = ManualClock()
        let base = FakeTransport(clock: clock, steps: [.respond(HTTPResponse(status: 503, headers: ["retry-after": "5"]))])
        let transport = RetryingTransport(base: base, clock: clock)
        let task = Task { try await transport.send(Self.get) }
        await clock.waitForSleepers(1)
        task.cancel()
        let result = await task.result
        #expect(throws: TransportError.self) { try result.get() }
        #expect(base.calls.count == 1)
    }
}
