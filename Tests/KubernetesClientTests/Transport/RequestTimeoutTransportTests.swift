import Foundation
import KubernetesClient
import KubernetesTestSupport
import Testing

@Suite(.timeLimit(.minutes(2))) struct RequestTimeoutTransportTests {
    static let ok = FakeTransport.Step.respond(HTTPResponse(status: 200))

    @Test(arguments: [
        (nil, .seconds(5)),
        (.seconds(2), .seconds(2)),
        (.seconds(60), .seconds(5)),
    ] as [(Duration?, Duration)])
    func boundsEveryRequestKeepingAShorterOwnTimeout(own: Duration?, sent: Duration) async throws {
        let base = FakeTransport(clock: ManualClock(), steps: [Self.ok])
        let transport = RequestTimeoutTransport(base: base, timeout: .seconds(5))
        _ = try await transport.send(HTTPRequest(method: .put, path: "/x", timeout: own))
        #expect(base.calls.map(\.request.timeout) == [sent])
    }

    @Test func leavesStreamsToTheirIdleTimeout() async throws {
        let base = FakeTransport(clock: ManualClock(), steps: [Self.ok])
        let transport = RequestTimeoutTransport(base: base, timeout: .seconds(5))
        _ = try await transport.stream(HTTPRequest(method: .get, path: "/w?watch=1", isStreaming: true, idleTimeout: .seconds(30)))
        #expect(base.calls.map(\.request.timeout) == [nil])
        #expect(base.calls.map(\.request.idleTimeout) == [.seconds(30)])
    }
}
