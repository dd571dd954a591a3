import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import KubernetesTestSupport
import Logging
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(2))) struct LeaderElectorTests {
    static let path = "/apis/coordination.k8s.io/v1/namespaces/ops/leases/cronmonitor-operator"
    static let wall = Date(timeIntervalSince1970: 1_800_000_000)

    static func lease(holder: String?, rv: String) -> String {
        let holderField = holder.map { #""holderIdentity":"\#($0)","# } ?? ""
        return #"{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"cronmonitor-operator","namespace":"ops","resourceVersion":"\#(rv)"},"spec":{\#(holderField)"leaseDurationSeconds":15,"leaseTransitions":0}}"#
    }

    static let notFound = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"leases.coordination.k8s.io \"cronmonitor-operator\" not found","reason":"NotFound","details":{"name":"cronmonitor-operator","group":"coordination.k8s.io","kind":"leases"},"code":404}"#

    static func spec(_ check: @escaping @Sendable (JSONValue?) -> String?) -> ScriptedTransport.RequestCheck {
        { request in
            guard let data = request.body, let body = try? JSONDecoder().decode(JSONValue.self, from: data) else {
                return "no JSON body"
            }
            return check(body["spec"])
        }
    }

    func elector(_ transport: some HTTPTransport, clock: some Clock<Duration> & Sendable) -> LeaderElector<some Clock<Duration> & Sendable> {
        LeaderElector(
            client: KubernetesClient(transport: transport), namespace: "ops", name: "cronmonitor-operator",
            identity: "pod-a_1234", clock: clock, wallClock: { Self.wall }, logger: Logger(label: "test"))
    }

    @Test func createsTheLeaseRenewsItAndLosesItWhenRenewalFailsPastTheDeadline() async throws {
        let down = TransportError(.connect, "connection refused")
        let transport = ScriptedTransport([
            .get(Self.path, reply: .json(404, Self.notFound)),
            .post("/apis/coordination.k8s.io/v1/namespaces/ops/leases", checks: [Self.spec { spec in
                spec?["holderIdentity"] == "pod-a_1234" && spec?["leaseDurationSeconds"] == 15 ? nil : "bad claim \(String(describing: spec))"
            }], reply: .json(201, Self.lease(holder: "pod-a_1234", rv: "1"))),
            .get(Self.path, reply: .json(200, Self.lease(holder: "pod-a_1234", rv: "1"))),
            .put(Self.path, checks: [{ request in
                let body = request.body.flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0) }
                return body?["metadata"]?["resourceVersion"] == "1" ? nil : "renewal not guarded by resourceVersion 1"
            }], reply: .json(200, Self.lease(holder: "pod-a_1234", rv: "2"))),
            // The API goes away: reads fail at t = 4, 6, 8, 10, 12 s; the last renewal was sent at t = 2 s.
            .get(Self.path, reply: .failure(down)),
            .get(Self.path, reply: .failure(down)),
            .get(Self.path, reply: .failure(down)),
            .get(Self.path, reply: .failure(down)),
            .get(Self.path, reply: .failure(down)),
        ])
        let clock = ImmediateClock()
        let elector = elector(transport, clock: clock)
        await #expect(throws: LeaderElectionError.lost) {
            try await elector.run()
        }
        #expect(!elector.leadership.isLeading)
        #expect(clock.now.offset == .seconds(12), "lost exactly at the renew deadline after the last renewal")
        try transport.verifyAllConsumed()
    }

    /// Every Lease request carries a timeout of half the renew deadline (5 s of 10 s).
    static let boundedByHalfTheRenewDeadline: ScriptedTransport.RequestCheck = { request in
        request.timeout == .seconds(5) ? nil : "lease request bounded by \(String(describing: request.timeout)), expected 5 s"
    }

    /// The create is answered only 10 s after the round began (the renew deadline): the elector
    /// must not count itself a leader that lost (it never led); it renews at its next round and
    /// leads from then, until the API goes away.
    @Test func aClaimAnsweredAfterTheRenewDeadlineIsRenewedAndThenLeads() async throws {
        let down = TransportError(.connect, "connection refused")
        let bounded = Self.boundedByHalfTheRenewDeadline
        var script: [ScriptedTransport.Exchange] = [
            .get(Self.path, checks: [bounded], reply: .json(404, Self.notFound)),
            .post("/apis/coordination.k8s.io/v1/namespaces/ops/leases", checks: [bounded],
                  reply: .json(201, Self.lease(holder: "pod-a_1234", rv: "1"))),
            // t = 12 s: the lease is ours; the renewal is answered in time.
            .get(Self.path, checks: [bounded], reply: .json(200, Self.lease(holder: "pod-a_1234", rv: "1"))),
            .put(Self.path, checks: [bounded, Self.guarded(by: "1")], reply: .json(200, Self.lease(holder: "pod-a_1234", rv: "2"))),
        ]
        // Reads fail at t = 14, 16, 18, 20, 22 s: leadership, renewed at t = 12 s, ends at 22 s.
        script += Array(repeating: .get(Self.path, checks: [bounded], reply: .failure(down)), count: 5)
        let transport = ScriptedTransport(script)
        let clock = ImmediateClock()
        let elector = elector(SlowAnswers(base: transport, clock: clock, delays: [1: .seconds(10)]), clock: clock)
        await #expect(throws: LeaderElectionError.lost) {
            try await elector.run()
        }
        #expect(clock.now.offset == .seconds(22), "led from the renewal at 12 s until the deadline")
        try transport.verifyAllConsumed()
    }

    @Test func gracefulShutdownReleasesTheLease() async throws {
        let transport = ScriptedTransport([
            .get(Self.path, reply: .json(404, Self.notFound)),
            .post("/apis/coordination.k8s.io/v1/namespaces/ops/leases", reply: .json(201, Self.lease(holder: "pod-a_1234", rv: "1"))),
            .put(Self.path, checks: [Self.spec { spec in
                spec?["holderIdentity"] == nil && spec?["leaseDurationSeconds"] == 1 ? nil : "not a release: \(String(describing: spec))"
            }], reply: .json(200, Self.lease(holder: nil, rv: "2"))),
        ])
        let clock = ManualClock()
        let elector = elector(transport, clock: clock)
        let running = Task { try await elector.run() }
        #expect(await elector.leadership.waitUntilLeading())
        #expect(elector.leadership.isLeading)
        await clock.waitForSleepers(1)
        running.cancel()
        try await running.value
        #expect(!elector.leadership.isLeading)
        try transport.verifyAllConsumed()
    }

    static let conflict = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on leases.coordination.k8s.io \"cronmonitor-operator\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","details":{"name":"cronmonitor-operator","group":"coordination.k8s.io","kind":"leases"},"code":409}"#

    static func guarded(by resourceVersion: String) -> ScriptedTransport.RequestCheck {
        { request in
            let body = request.body.flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0) }
            return body?["metadata"]?["resourceVersion"] == .string(resourceVersion) ? nil : "release not guarded by \(resourceVersion)"
        }
    }

    /// A renewal cut short by the shutdown may have landed: the release conflicts, the Lease is
    /// read again and, still ours, released at its current version.
    @Test(arguments: [("pod-a_1234", true), ("pod-b_9", false)])
    func releaseAfterAConflictRereadsTheLease(holderAfterConflict: String, releasesAgain: Bool) async throws {
        var script: [ScriptedTransport.Exchange] = [
            .get(Self.path, reply: .json(404, Self.notFound)),
            .post("/apis/coordination.k8s.io/v1/namespaces/ops/leases", reply: .json(201, Self.lease(holder: "pod-a_1234", rv: "1"))),
            .put(Self.path, checks: [Self.guarded(by: "1")], reply: .json(409, Self.conflict)),
            .get(Self.path, reply: .json(200, Self.lease(holder: holderAfterConflict, rv: "2"))),
        ]
        if releasesAgain {
            script.append(.put(Self.path, checks: [Self.guarded(by: "2"), Self.spec { spec in
                spec?["holderIdentity"] == nil ? nil : "not a release: \(String(describing: spec))"
            }], reply: .json(200, Self.lease(holder: nil, rv: "3"))))
        }
        let transport = ScriptedTransport(script)
        let clock = ManualClock()
        let elector = elector(transport, clock: clock)
        let running = Task { try await elector.run() }
        #expect(await elector.leadership.waitUntilLeading())
        await clock.waitForSleepers(1)
        running.cancel()
        try await running.value
        #expect(!elector.leadership.isLeading)
        try transport.verifyAllConsumed()
    }

    /// A follower's wait for the lease ends when its task is cancelled (e.g. at shutdown).
    @Test(.timeLimit(.minutes(5))) func waitingForLeadershipEndsWhenCancelled() async {
        let elector = elector(ScriptedTransport([]), clock: ManualClock())
        let waiting = Task { await elector.leadership.waitUntilLeading() }
        waiting.cancel()
        #expect(await waiting.value == false)
        #expect(!elector.leadership.isLeading)
    }

    /// Another replica's lease stops changing (it was killed): the follower reads again exactly
    /// when the lease runs out, 15 s after it first saw the record, and takes it over then, not
    /// at its next retry (16 s). It then leads until it cannot renew for the renew deadline.
    @Test func aDeadHoldersLeaseIsTakenOverWhenItExpires() async throws {
        let down = TransportError(.connect, "connection refused")
        let clock = ImmediateClock()
        let takenAt: ScriptedTransport.RequestCheck = { _ in
            clock.now.offset == .seconds(15) ? nil : "claimed at \(clock.now.offset), expected 15 s"
        }
        var script: [ScriptedTransport.Exchange] = Array(
            repeating: .get(Self.path, reply: .json(200, Self.lease(holder: "pod-b_9", rv: "5"))), count: 9)
        script.append(.put(Self.path, checks: [takenAt, Self.guarded(by: "5"), Self.spec { spec in
            spec?["holderIdentity"] == "pod-a_1234" ? nil : "not a claim: \(String(describing: spec))"
        }], reply: .json(200, Self.lease(holder: "pod-a_1234", rv: "6"))))
        // Reads fail at t = 17, 19, 21, 23, 25 s: leadership, won at 15 s, ends at 25 s.
        script += Array(repeating: .get(Self.path, reply: .failure(down)), count: 5)
        let transport = ScriptedTransport(script)
        let elector = elector(transport, clock: clock)
        await #expect(throws: LeaderElectionError.lost) {
            try await elector.run()
        }
        let seconds = (0..<7).map { _ in Duration.seconds(2) } + [.seconds(1)] + (0..<5).map { _ in Duration.seconds(2) }
        #expect(clock.sleeps == seconds, "reads at 0, 2, …, 14 s, then at 15 s when the lease runs out")
        #expect(clock.now.offset == .seconds(25))
        try transport.verifyAllConsumed()
    }

    @Test func followsWhileAnotherReplicaHoldsTheLease() async throws {
        let transport = ScriptedTransport([
            .get(Self.path, reply: .json(200, Self.lease(holder: "pod-b_9", rv: "5"))),
        ])
        let clock = ManualClock()
        let elector = elector(transport, clock: clock)
        let running = Task { try await elector.run() }
        await clock.waitForSleepers(1)
        #expect(!elector.leadership.isLeading)
        running.cancel()
        try await running.value
        try transport.verifyAllConsumed()
    }
}

/// Passes requests on to `base`; the n-th request (counting from 0) is answered only after
/// `delays[n]` has passed on `clock` (a slow server or a starved process, in test time).
final class SlowAnswers<Base: HTTPTransport, C: Clock<Duration> & Sendable>: HTTPTransport {
    private let base: Base
    private let clock: C
    private let delays: [Int: Duration]
    private let count = Mutex(0)

    init(base: Base, clock: C, delays: [Int: Duration]) {
        self.base = base
        self.clock = clock
        self.delays = delays
    }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let response = try await base.send(request)
        await answerDelay()
        return response
    }

    func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
        let response = try await base.stream(request)
        await answerDelay()
        return response
    }

    private func answerDelay() async {
        let index = count.withLock { count in
            defer { count += 1 }
            return count
        }
        if let delay = delays[index] { try? await clock.sleep(for: delay) }
    }
}
