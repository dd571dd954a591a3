import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import KubernetesTestSupport
import Logging
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(2))) struct EventRecorderTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let name = "nightly.\(String(UInt64(1_800_000_000) * 1_000_000_000, radix: 16))"
    static let monitor = ObjectReference(
        apiVersion: "cronmonitor.io/v1alpha1", kind: "CronMonitor", namespace: "ops", name: "nightly", uid: "uid-1")
    static let job = ObjectReference(apiVersion: "batch/v1", kind: "Job", namespace: "ops", name: "nightly-29000000", uid: "uid-2")
    static let draft = EventDraft(
        regarding: monitor, related: job, type: .warning, reason: "RunFailed", action: "JudgeRun",
        note: "Job nightly-29000000 (slot 2027-01-15T08:00:00Z) failed: BackoffLimitExceeded")

    static func recorder(
        _ transport: some HTTPTransport, clock: TestClock = TestClock(EventRecorderTests.now), outcomes: Outcomes = Outcomes(),
        logger: Logger = Logger(label: "test")
    ) -> EventRecorder {
        EventRecorder(
            client: KubernetesClient(transport: transport), reportingController: "cronmonitor.io/operator",
            reportingInstance: "operator-7d9f", logger: logger, now: { clock.now },
            onOutcome: { reason, outcome in outcomes.append("\(reason) \(outcome.rawValue)") })
    }

    /// The name of the `index`th Event created at `now`.
    static func eventName(_ index: UInt64) -> String {
        "nightly.\(String(UInt64(1_800_000_000) * 1_000_000_000 + index, radix: 16))"
    }

    static func field(_ path: [String], is expected: JSONValue) -> ScriptedTransport.RequestCheck {
        { request in
            guard let data = request.body, let body = try? JSONDecoder().decode(JSONValue.self, from: data) else {
                return "no JSON body"
            }
            let actual = path.reduce(Optional(body)) { $0?[$1] }
            return actual == expected ? nil : "\(path.joined(separator: ".")) is \(String(describing: actual)), expected \(expected)"
        }
    }

    static let eventChecks: [ScriptedTransport.RequestCheck] = [
        field(["metadata", "name"], is: .string(name)),
        field(["eventTime"], is: .string("2027-01-15T08:00:00.000000Z")),
        field(["reportingController"], is: "cronmonitor.io/operator"),
        field(["reportingInstance"], is: "operator-7d9f"),
        field(["action"], is: "JudgeRun"),
        field(["reason"], is: "RunFailed"),
        field(["type"], is: "Warning"),
        field(["regarding", "name"], is: "nightly"),
        field(["regarding", "uid"], is: "uid-1"),
        field(["related", "name"], is: "nightly-29000000"),
        field(["note"], is: .string(draft.note)),
    ]

    @Test func firstOccurrenceCreatesARepeatPatchesTheSeries() async throws {
        let transport = ScriptedTransport([
            .post("/apis/events.k8s.io/v1/namespaces/ops/events", checks: Self.eventChecks, reply: .json(201, "{}")),
            .init(.patch, "/apis/events.k8s.io/v1/namespaces/ops/events/\(Self.name)", checks: [
                Self.field(["series", "count"], is: .int(2)),
                Self.field(["series", "lastObservedTime"], is: "2027-01-15T08:00:00.000000Z"),
            ], reply: .json(200, "{}")),
        ])
        let outcomes = Outcomes()
        let recorder = Self.recorder(transport, outcomes: outcomes)
        #expect(await recorder.record(Self.draft) == .emitted)
        #expect(await recorder.record(Self.draft) == .emitted)
        try transport.verifyAllConsumed()
        #expect(outcomes.all == ["RunFailed emitted", "RunFailed emitted"])
    }

    @Test func fallsBackToCoreEventsWhenTheGroupIsNotServed() async throws {
        let notFound = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}"#
        let transport = ScriptedTransport([
            .init(.post, "/apis/events.k8s.io/v1/namespaces/ops/events", reply: .json(404, notFound)),
            .post("/api/v1/namespaces/ops/events", checks: [
                Self.field(["involvedObject", "name"], is: "nightly"),
                Self.field(["message"], is: .string(Self.draft.note)),
                Self.field(["reason"], is: "RunFailed"),
                Self.field(["count"], is: .int(1)),
                Self.field(["source", "component"], is: "cronmonitor.io/operator"),
                Self.field(["reportingInstance"], is: "operator-7d9f"),
            ], reply: .json(201, "{}")),
            .post("/api/v1/namespaces/ops/events", reply: .json(201, "{}")),
        ])
        let recorder = Self.recorder(transport)
        await recorder.record(Self.draft)
        var other = Self.draft
        other.note = "another incident"
        await recorder.record(other)
        try transport.verifyAllConsumed()
    }

    @Test func notesAreCutAt1024BytesOnACharacterBoundary() {
        let draft = EventDraft(
            regarding: Self.monitor, type: .normal, reason: "JobsPurged", action: "Purge",
            note: String(repeating: "é", count: 600))  // 1,200 bytes
        #expect(draft.note.utf8.count == 1024)
        #expect(draft.note.allSatisfy { $0 == "é" })
    }
}

/// A wall clock the test moves.
final class TestClock: Sendable {
    private let time: Mutex<Date>
    init(_ start: Date) { time = Mutex(start) }
    var now: Date { time.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }
}

/// The outcomes a recorder reported, as "reason outcome".
final class Outcomes: Sendable {
    private let seen = Mutex<[String]>([])
    var all: [String] { seen.withLock { $0 } }
    func append(_ outcome: String) { seen.withLock { $0.append(outcome) } }
}
