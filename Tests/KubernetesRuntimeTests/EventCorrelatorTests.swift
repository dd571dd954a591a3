import Foundation
import KubernetesRuntime
import Testing

@Suite struct EventCorrelatorTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func identity(_ note: String = "Job backup-1 (slot 02:00) failed", object: String = "ns/mon/uid-1") -> EventIdentity {
        EventIdentity(
            regardingKey: object, relatedKey: "ns/backup-1", type: "Warning", reason: "RunFailed",
            action: "Judge", note: note)
    }

    @Test func hundredIdenticalEventsWithinSixMinutesMakeOneObjectWithTheFullCount() {
        var correlator = EventCorrelator()
        var creates = 0
        var lastWrittenCount = 0
        for occurrence in 0..<100 {
            let now = start.addingTimeInterval(Double(occurrence) * 3.5)  // 100 within 350 s
            switch correlator.record(identity(), now: now) {
            case .create:
                creates += 1
                correlator.created(identity(), name: "mon.17a")
            case .updateSeries(let name, let count, _):
                #expect(name == "mon.17a")
                lastWrittenCount = count
            case .coalesced:
                break
            case .dropped:
                Issue.record("identical repeats are never dropped")
            }
        }
        for case .updateSeries(_, let count, _) in correlator.pendingSeriesUpdates(now: start.addingTimeInterval(400)) {
            lastWrittenCount = count
        }
        #expect(creates == 1)
        #expect(lastWrittenCount == 100)
    }

    @Test func seriesWritesAreCoalesced() {
        var correlator = EventCorrelator()
        var writes = 0
        for occurrence in 0..<100 {
            switch correlator.record(identity(), now: start.addingTimeInterval(Double(occurrence))) {
            case .create:
                writes += 1
                correlator.created(identity(), name: "e")
            case .updateSeries:
                writes += 1
            case .coalesced, .dropped:
                break
            }
        }
        // The create, the first repeat, then one write per 30 s over 99 s.
        #expect(writes == 5)
    }

    @Test func aRepeatAfterSixMinutesStartsANewObject() {
        var correlator = EventCorrelator()
        #expect(correlator.record(identity(), now: start) == .create)
        correlator.created(identity(), name: "first")
        #expect(correlator.record(identity(), now: start.addingTimeInterval(361)) == .create)
    }

    @Test func differentIncidentsNeverMerge() {
        var correlator = EventCorrelator()
        #expect(correlator.record(identity("Job a (slot 01:00) failed"), now: start) == .create)
        #expect(correlator.record(identity("Job b (slot 02:00) failed"), now: start) == .create)
    }

    @Test func thousandDistinctEventsForOneObjectAreLimitedToTheBurstThenOnePerFiveMinutes() {
        var correlator = EventCorrelator()
        var created = 0
        for index in 0..<1000 {
            // 1,000 distinct events over 1,000 seconds.
            if correlator.record(identity("incident \(index)"), now: start.addingTimeInterval(Double(index))) == .create {
                created += 1
            }
        }
        // 25 at once, then one per 300 s: at 300 s, 600 s, 900 s.
        #expect(created == 28)
    }

    @Test func theLimitIsPerRegardingObject() {
        var correlator = EventCorrelator()
        for index in 0..<25 {
            #expect(correlator.record(identity("i\(index)", object: "ns/a/1"), now: start) == .create)
        }
        #expect(correlator.record(identity("one more", object: "ns/a/1"), now: start) == .dropped)
        #expect(correlator.record(identity("other object", object: "ns/b/2"), now: start) == .create)
    }
}
