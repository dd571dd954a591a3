import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

@Suite struct EventCorrelatorTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func draft(_ note: String = "Job backup-1 (slot 02:00) failed", object: String = "mon", reason: String = "RunFailed")
        -> EventDraft
    {
        EventDraft(
            regarding: ObjectReference(kind: "CronMonitor", namespace: "ns", name: object, uid: "uid-\(object)"),
            related: ObjectReference(kind: "Job", namespace: "ns", name: "backup-1"),
            type: .warning, reason: reason, action: "Judge", note: note)
    }

    /// Plays the server's side: every create and patch succeeds. Returns the count written.
    @discardableResult
    func succeed(_ write: EventWrite, in correlator: inout EventCorrelator, name: String = "e") -> Int {
        switch write.target {
        case .create:
            correlator.created(write.key, name: name, namespace: "ns", count: write.count)
        case .series:
            correlator.updated(write.key, count: write.count)
        }
        return write.count
    }

    @Test func hundredIdenticalEventsWithinSixMinutesMakeOneObjectWithTheFullCount() {
        var correlator = EventCorrelator()
        var creates = 0
        var lastWrittenCount = 0
        for occurrence in 0..<100 {
            let now = start.addingTimeInterval(Double(occurrence) * 3.5)  // 100 within 350 s
            switch correlator.record(draft(), now: now) {
            case .write(let write):
                if write.target == .create { creates += 1 }
                if case .series(let name, _) = write.target { #expect(name == "mon.17a") }
                lastWrittenCount = succeed(write, in: &correlator, name: "mon.17a")
            case .coalesced:
                break
            case .folded:
                Issue.record("identical repeats never fold")
            }
        }
        for write in correlator.pendingWrites(now: start.addingTimeInterval(400)).writes {
            lastWrittenCount = succeed(write, in: &correlator)
        }
        #expect(creates == 1)
        #expect(lastWrittenCount == 100)
    }

    @Test func seriesWritesAreCoalesced() {
        var correlator = EventCorrelator()
        var writes = 0
        for occurrence in 0..<100 {
            if case .write(let write) = correlator.record(draft(), now: start.addingTimeInterval(Double(occurrence))) {
                writes += 1
                succeed(write, in: &correlator)
            }
        }
        // The create, the first repeat, then one write per 30 s over 99 s.
        #expect(writes == 5)
    }

    @Test func aRepeatAfterSixMinutesStartsANewObject() throws {
        var correlator = EventCorrelator()
        guard case .write(let first) = correlator.record(draft(), now: start) else { throw Failure("no create") }
        succeed(first, in: &correlator, name: "first")
        guard case .write(let second) = correlator.record(draft(), now: start.addingTimeInterval(361)) else {
            throw Failure("no second create")
        }
        #expect(second.target == .create)
    }

    @Test func differentIncidentsNeverMerge() {
        var correlator = EventCorrelator()
        #expect(isCreate(correlator.record(draft("Job a (slot 01:00) failed"), now: start)))
        #expect(isCreate(correlator.record(draft("Job b (slot 02:00) failed"), now: start)))
    }

    @Test func beyondTheBudgetIncidentsFoldIntoOneAggregatePerReasonThatCountsEveryOne() {
        var correlator = EventCorrelator()
        var objects = 0
        var counts: [EventKey: Int] = [:]
        for index in 0..<1000 {
            // 1,000 distinct incidents over 1,000 seconds.
            let now = start.addingTimeInterval(Double(index))
            let writes: [EventWrite]
            switch correlator.record(draft("incident \(index)"), now: now) {
            case .write(let write): writes = [write]
            case .folded(let write): writes = write.map { [$0] } ?? []
            case .coalesced: writes = []
            }
            for write in writes + correlator.pendingWrites(now: now).writes {
                if write.target == .create { objects += 1 }
                counts[write.key] = succeed(write, in: &correlator)
            }
        }
        for write in correlator.pendingWrites(now: start.addingTimeInterval(1100)).writes {
            counts[write.key] = succeed(write, in: &correlator)
        }
        // 25 at once, then one per 300 s (at 300 s, 600 s, 900 s), and one aggregate for the rest.
        #expect(objects == 29)
        #expect(counts.count == 29)
        #expect(counts.values.reduce(0, +) == 1000)
        #expect(counts[.aggregate(regardingKey: "CronMonitor/ns/mon/uid-mon", reason: "RunFailed")] == 972)
    }

    @Test func theBudgetIsPerRegardingObjectAndTheAggregatePerReason() {
        var correlator = EventCorrelator()
        for index in 0..<25 {
            #expect(isCreate(correlator.record(draft("i\(index)", object: "a"), now: start)))
        }
        guard case .folded(let write?) = correlator.record(draft("one more", object: "a"), now: start) else {
            Issue.record("the 26th incident folds into a new aggregate")
            return
        }
        #expect(write.target == .create)
        #expect(write.draft.note == "1 more RunFailed incident since 2027-01-15T08:00:00Z; latest: Job backup-1, one more")
        guard case .folded(let stuck?) = correlator.record(draft("stuck", object: "a", reason: "RunStuck"), now: start) else {
            Issue.record("another reason has an aggregate of its own")
            return
        }
        #expect(stuck.target == .create)
        #expect(isCreate(correlator.record(draft("other object", object: "b"), now: start)))
    }

    @Test func aGoneSeriesIsCreatedAgainCarryingTheCountItNeverReceived() throws {
        var correlator = EventCorrelator()
        guard case .write(let create) = correlator.record(draft(), now: start) else { throw Failure("no create") }
        succeed(create, in: &correlator, name: "old")
        guard case .write(let again) = correlator.record(draft(), now: start.addingTimeInterval(1)) else {
            throw Failure("the first repeat is written at once")
        }
        succeed(again, in: &correlator)
        for second in 2..<5 {
            #expect(correlator.record(draft(), now: start.addingTimeInterval(Double(second))) == .coalesced)
        }
        let flush = correlator.pendingWrites(now: start.addingTimeInterval(40)).writes
        #expect(flush.map(\.count) == [5])
        let gone = correlator.gone(flush[0].key, now: start.addingTimeInterval(40))
        let recreate = try #require(gone)
        #expect(recreate.target == .create)
        #expect(recreate.count == 3, "the old object had 2 of the 5")
        succeed(recreate, in: &correlator, name: "new")
        #expect(correlator.record(draft(), now: start.addingTimeInterval(41)) == .coalesced)
        let next = correlator.pendingWrites(now: start.addingTimeInterval(70)).writes
        #expect(next.map(\.target) == [.series(name: "new", namespace: "ns")])
        #expect(next.map(\.count) == [4])
    }

    @Test func aDeferredCreateIsRetriedByEachFlushUntilItsLifetimeEnds() throws {
        var correlator = EventCorrelator()
        guard case .write(let create) = correlator.record(draft(), now: start) else { throw Failure("no create") }
        correlator.deferred(create.key, now: start)
        #expect(correlator.record(draft(), now: start.addingTimeInterval(1)) == .coalesced)
        let retry = correlator.pendingWrites(now: start.addingTimeInterval(30))
        #expect(retry.writes.map(\.target) == [.create])
        #expect(retry.writes.map(\.count) == [2], "the repeat rides along")
        correlator.deferred(create.key, now: start.addingTimeInterval(30))
        #expect(correlator.pendingWrites(now: start.addingTimeInterval(3600)).writes.count == 1)
        correlator.deferred(create.key, now: start.addingTimeInterval(3600))
        let late = correlator.pendingWrites(now: start.addingTimeInterval(3601))
        #expect(late.writes.isEmpty)
        #expect(late.expired.map(\.count) == [2])
        #expect(correlator.retained.series == 0)
    }

    @Test func retainedStateStaysBoundedOverManyDistinctIdentities() {
        var correlator = EventCorrelator()
        var largest = EventCorrelator.Retained(series: 0, aggregates: 0, buckets: 0)
        // 100,000 distinct incidents about 10,000 objects, 10 a second (10,000 s in all).
        for index in 0..<100_000 {
            let now = start.addingTimeInterval(Double(index) / 10)
            if case .write(let write) = correlator.record(draft("incident \(index)", object: "m\(index % 10_000)"), now: now) {
                succeed(write, in: &correlator)
            }
            if index % 300 == 0 {
                for write in correlator.pendingWrites(now: now).writes { succeed(write, in: &correlator) }
            }
            if index % 100 == 0 {
                let retained = correlator.retained
                largest = EventCorrelator.Retained(
                    series: max(largest.series, retained.series), aggregates: max(largest.aggregates, retained.aggregates),
                    buckets: max(largest.buckets, retained.buckets))
            }
        }
        // A series lives 6 minutes (3,600 incidents) plus up to 30 s until pruned (300 more); a
        // bucket that gave one token is full again after 5 minutes (3,000 objects) plus 30 s.
        #expect(largest.series <= 4_000)
        #expect(largest.series >= 3_000, "the window keeps what it must")
        #expect(largest.buckets <= 3_400)
        #expect(largest.aggregates == 0)
        let end = correlator.pendingWrites(now: start.addingTimeInterval(100_000))
        #expect(end.writes.isEmpty)
        #expect(correlator.retained.total == 0, "all state expires once events stop")
    }

    func isCreate(_ correlation: Correlation) -> Bool {
        guard case .write(let write) = correlation else { return false }
        return write.target == .create
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
