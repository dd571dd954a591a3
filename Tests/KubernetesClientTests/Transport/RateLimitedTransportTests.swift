import Foundation
import KubernetesTestSupport
import KubernetesClient
import Testing

@Suite("RateLimitedTransport with a manual clock", .timeLimit(.minutes(2)))
struct RateLimitedTransportTests {
    static let get = HTTPRequest(method: .get, path: "/api/v1/pods")

    @Test func burstGoesAtOnceThenQPSPacesTheRest() async throws {
        let clock = ManualClock()
        let base = FakeTransport(clock: clock, steps: Array(repeating: .respond(HTTPResponse(status: 200)), count: 4))
        let transport = RateLimitedTransport(base: base, qps: 2, burst: 2, clock: clock)
        _ = try await transport.send(Self.get)
        _ = try await transport.send(Self.get)
        #expect(base.calls.map(\.at) == [.zero, .zero])

        let third = Task { try await transport.send(Self.get) }
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(499))
        #expect(base.calls.count == 2)
        clock.advance(by: .milliseconds(1))
        _ = try await third.value
        #expect(base.calls.map(\.at) == [.zero, .zero, .milliseconds(500)])
    }

    @Test func tokensRefillWhileIdleUpToBurst() async throws {
        let clock = ManualClock()
        let base = FakeTransport(clock: clock, steps: Array(repeating: .respond(HTTPResponse(status: 200)), count: 4))
        let transport = RateLimitedTransport(base: base, qps: 1, burst: 2, clock: clock)
        _ = try await transport.send(Self.get)
        _ = try await transport.send(Self.get)
        clock.advance(by: .seconds(10))  // refills to the burst (2), not 10
        _ = try await transport.send(Self.get)
        _ = try await transport.send(Self.get)
        #expect(base.calls.map(\.at) == [.zero, .zero, .seconds(10), .seconds(10)])
        let fifth = Task { try await transport.send(Self.get) }
        await clock.waitForSleepers(1)
        #expect(base.calls.count == 4)
        fifth.cancel()
        let result = await fifth.result
        #expect(throws: TransportError.self) { try result.get() }
    }

    @Test func zeroQPSDisablesLimiting() async throws {
        let clock = ManualClock()
        let base = FakeTransport(clock: clock, steps: Array(repeating: .respond(HTTPResponse(status: 200)), count: 5))
        let transport = RateLimitedTransport(base: base, qps: 0, burst: 1, clock: clock)
        for _ in 0..<5 { _ = try await transport.send(Self.get) }
        #expect(base.calls.count == 5)
    }
}
