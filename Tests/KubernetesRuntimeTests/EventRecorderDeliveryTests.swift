import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import KubernetesTestSupport
import Logging
import Testing

/// Exactly once, not lost either: the budget folds, gone series restart, transient failures are
/// retried, permanent ones are logged, and every outcome is reported.
@Suite(.timeLimit(.minutes(2))) struct EventRecorderDeliveryTests {
    typealias Base = EventRecorderTests
    static let events = "/apis/events.k8s.io/v1/namespaces/ops/events"
    static let coreEvents = "/api/v1/namespaces/ops/events"

    static func stuck(_ index: Int) -> EventDraft {
        EventDraft(
            regarding: Base.monitor,
            related: ObjectReference(apiVersion: "batch/v1", kind: "Job", namespace: "ops", name: "nightly-\(index)"),
            type: .warning, reason: "RunStuck", action: "Judge",
            note: "Job nightly-\(index) (slot 2027-01-15T0\(index % 10):00:00Z) still running after 3600s")
    }

    static let absentSeries: ScriptedTransport.RequestCheck = { request in
        guard let data = request.body, let body = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            return "no JSON body"
        }
        return body["series"] == nil ? nil : "a single occurrence has no series"
    }

    static func aggregateNote(_ count: Int, latest index: Int) -> String {
        "\(count) more RunStuck incident\(count == 1 ? "" : "s") since 2027-01-15T08:00:00Z; latest: Job nightly-\(index), "
            + stuck(index).note
    }

    @Test func beyondTheBudgetIncidentsFoldIntoOneAggregateWhoseCountAccountsForEveryOne() async throws {
        let created = (0..<25).map { index in
            ScriptedTransport.Exchange.post(Self.events, checks: [
                Base.field(["note"], is: .string(Self.stuck(index).note)), Self.absentSeries,
            ], reply: .json(201, "{}"))
        }
        let aggregate = Base.eventName(25)
        let transport = ScriptedTransport(created + [
            .post(Self.events, checks: [
                Base.field(["note"], is: .string(Self.aggregateNote(1, latest: 25))),
                Base.field(["reason"], is: "RunStuck"), Self.absentSeries,
            ], reply: .json(201, "{}")),
            // Note changes go through the core v1 view: events.k8s.io/v1 holds `note` immutable.
            .patch("\(Self.coreEvents)/\(aggregate)", contentType: "application/merge-patch+json", body: [
                "message": .string(Self.aggregateNote(2, latest: 26)),
                "series": ["count": 2, "lastObservedTime": "2027-01-15T08:00:00.000000Z"],
            ], reply: .json(200, "{}")),
            .patch("\(Self.coreEvents)/\(aggregate)", contentType: "application/merge-patch+json", body: [
                "message": .string(Self.aggregateNote(3, latest: 27)),
                "series": ["count": 3, "lastObservedTime": "2027-01-15T08:00:00.000000Z"],
            ], reply: .json(200, "{}")),
        ])
        let clock = TestClock(Base.now)
        let outcomes = Outcomes()
        let recorder = Base.recorder(transport, clock: clock, outcomes: outcomes)
        for index in 0..<28 {
            await recorder.record(Self.stuck(index))
        }
        #expect(transport.requests.count == 27, "the 28th incident is coalesced into the aggregate's series")
        clock.advance(30)
        await recorder.flushSeries()
        try transport.verifyAllConsumed()
        // 26 Event objects; their counts: 25 × 1 + 3 = 28 incidents.
        #expect(transport.requests.filter { $0.method == .post }.count == 26)
        #expect(outcomes.all == Array(repeating: "RunStuck emitted", count: 25) + Array(repeating: "RunStuck folded", count: 3))
    }

    @Test func aSeriesWhoseEventIsGoneStartsANewEventAtTheNextOccurrence() async throws {
        let notFound = ScriptedTransport.Reply.status(404, reason: "NotFound", message: "events \"x\" not found")
        let transport = ScriptedTransport([
            .post(Self.events, reply: .json(201, "{}")),
            .init(.patch, "\(Self.events)/\(Base.eventName(0))", reply: notFound),
            .post(Self.events, checks: [Self.absentSeries, Base.field(["note"], is: .string(Base.draft.note))],
                  reply: .json(201, "{}")),
            .init(.patch, "\(Self.events)/\(Base.eventName(1))", checks: [Base.field(["series", "count"], is: 2)],
                  reply: .json(200, "{}")),
        ])
        let outcomes = Outcomes()
        let recorder = Base.recorder(transport, outcomes: outcomes)
        for _ in 0..<3 {
            await recorder.record(Base.draft)
        }
        try transport.verifyAllConsumed()
        #expect(outcomes.all == Array(repeating: "RunFailed emitted", count: 3))
    }

    @Test func aCountFlushedToAGoneEventIsCarriedByANewOne() async throws {
        let notFound = ScriptedTransport.Reply.status(404, reason: "NotFound", message: "events \"x\" not found")
        let transport = ScriptedTransport([
            .post(Self.events, reply: .json(201, "{}")),
            .init(.patch, "\(Self.events)/\(Base.eventName(0))", checks: [Base.field(["series", "count"], is: 2)],
                  reply: .json(200, "{}")),
            .init(.patch, "\(Self.events)/\(Base.eventName(0))", checks: [Base.field(["series", "count"], is: 4)],
                  reply: notFound),
            // The two repeats the gone Event never received.
            .post(Self.events, checks: [
                Base.field(["series", "count"], is: 2),
                Base.field(["series", "lastObservedTime"], is: "2027-01-15T08:00:00.000000Z"),
            ], reply: .json(201, "{}")),
            .init(.patch, "\(Self.events)/nightly.\(String(UInt64(1_800_000_030) * 1_000_000_000, radix: 16))",
                  checks: [Base.field(["series", "count"], is: 3)], reply: .json(200, "{}")),
        ])
        let clock = TestClock(Base.now)
        let recorder = Base.recorder(transport, clock: clock)
        for _ in 0..<4 {
            await recorder.record(Base.draft)
        }
        clock.advance(30)
        await recorder.flushSeries()
        #expect(await recorder.record(Base.draft) == .emitted)
        clock.advance(30)
        await recorder.flushSeries()
        try transport.verifyAllConsumed()
    }

    @Test func aTransientFailureKeepsTheAlertForTheNextFlush() async throws {
        let transport = ScriptedTransport([
            .init(.post, Self.events, reply: .status(503, reason: "ServiceUnavailable", message: "etcd leader changed")),
            .post(Self.events, checks: [Base.field(["note"], is: .string(Base.draft.note)), Self.absentSeries],
                  reply: .json(201, "{}")),
        ])
        let outcomes = Outcomes()
        let recorder = Base.recorder(transport, outcomes: outcomes)
        #expect(await recorder.record(Base.draft) == .deferred)
        await recorder.flushSeries()
        await recorder.flushSeries()
        try transport.verifyAllConsumed()
        #expect(outcomes.all == ["RunFailed deferred"])
    }

    /// A named Event (an alert its caller keeps pending until written): the create uses the name,
    /// a name already taken counts as written, a repeat is the caller retrying (no series), and a
    /// transient failure is left to the caller (no retry at the flush).
    @Test func aNamedEventIsCreatedOnceUnderItsNameAndItsCallerOwnsRetries() async throws {
        var draft = Base.draft
        draft.name = "backup-monitor.0123456789abcdef"
        let named = Base.field(["metadata", "name"], is: "backup-monitor.0123456789abcdef")
        let transport = ScriptedTransport([
            .init(.post, Self.events, reply: .status(503, reason: "ServiceUnavailable", message: "etcd leader changed")),
            .init(
                .post, Self.events, checks: [named],
                reply: .status(409, reason: "AlreadyExists", message: "events \"backup-monitor.0123456789abcdef\" already exists")),
        ])
        let outcomes = Outcomes()
        let recorder = Base.recorder(transport, outcomes: outcomes)
        #expect(await recorder.record(draft) == .deferred)
        await recorder.flushSeries()
        #expect(transport.requests.count == 1, "the flush leaves a named Event to its caller")
        #expect(await recorder.record(draft) == .emitted, "409: an earlier attempt got through")
        #expect(await recorder.record(draft) == .emitted, "a retry of a written named Event writes nothing")
        await recorder.flushSeries()
        try transport.verifyAllConsumed()
        #expect(outcomes.all == ["RunFailed deferred", "RunFailed emitted", "RunFailed emitted"])
    }

    @Test func throttledWritesAreRetriedByTheTransportAfterRetryAfter() async throws {
        let scripted = ScriptedTransport([
            .init(.post, Self.events, reply: .status(429, reason: "TooManyRequests", message: "slow down", retryAfterSeconds: 7)),
            .post(Self.events, reply: .json(201, "{}")),
        ])
        let clock = ImmediateClock()
        let recorder = Base.recorder(RetryingTransport(base: scripted, clock: clock))
        #expect(await recorder.record(Base.draft) == .emitted)
        try scripted.verifyAllConsumed()
        #expect(clock.sleeps == [.seconds(7)])
    }

    @Test func aPermanentFailureIsLoggedAtWarningLevelWithTheReasonAndNote() async throws {
        let transport = ScriptedTransport([
            .init(.post, Self.events, reply: .status(422, reason: "Invalid", message: "Event.events.k8s.io is invalid")),
            .post(Self.events, reply: .json(201, "{}")),
        ])
        let logs = CapturedLogs()
        let outcomes = Outcomes()
        let recorder = Base.recorder(transport, outcomes: outcomes, logger: logs.logger())
        #expect(await recorder.record(Base.draft) == .failed)
        let warnings = logs.entries("cannot write event")
        #expect(warnings.map(\.level) == [.warning])
        #expect(warnings.first?.metadata["k8s.event.reason"] == "RunFailed")
        #expect(warnings.first?.metadata["k8s.event.note"] == Base.draft.note)
        #expect(await recorder.record(Base.draft) == .emitted, "the next occurrence tries again")
        try transport.verifyAllConsumed()
        #expect(outcomes.all == ["RunFailed failed", "RunFailed emitted"])
    }
}
