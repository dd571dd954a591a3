import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

@Suite struct JobProjectionTests {
    static func job(_ json: String) throws -> JobProjection {
        JobProjection(try JSONDecoder().decode(BatchV1.Job.self, from: Data(json.utf8)))
    }

    static let owner = #"[{"apiVersion":"batch/v1","kind":"CronJob","name":"backup","uid":"cj-1","controller":true}]"#

    /// (metadata JSON, expected slot as seconds since 1970, manual?)
    @Test(arguments: [
        // The controller's annotation wins.
        (#"{"name":"backup-29000000","namespace":"ops","creationTimestamp":"2025-02-20T05:30:10Z","ownerReferences":\#(owner),"annotations":{"batch.kubernetes.io/cronjob-scheduled-timestamp":"2025-02-20T05:30:00Z"}}"#, 1_740_029_400.0, false),
        // Else the minutes-since-epoch suffix of a CronJob-created name.
        (#"{"name":"backup-29000000","namespace":"ops","creationTimestamp":"2025-02-20T05:30:10Z","ownerReferences":\#(owner)}"#, 29_000_000.0 * 60, false),
        // Not owned by a CronJob: none recorded (the planner finds it from the schedule).
        (#"{"name":"backup-29000000","namespace":"ops","creationTimestamp":"2025-02-20T05:30:10Z"}"#, nil, false),
        // A suffix that is not minutes: none recorded.
        (#"{"name":"backup-manual-x","namespace":"ops","creationTimestamp":"2025-02-20T05:30:10Z","ownerReferences":\#(owner)}"#, nil, false),
        // A manual run belongs to no slot.
        (#"{"name":"backup-manual-x","namespace":"ops","creationTimestamp":"2025-02-20T05:30:10Z","ownerReferences":\#(owner),"annotations":{"cronjob.kubernetes.io/instantiate":"manual"}}"#, nil, true),
    ] as [(String, Double?, Bool)])
    func slotOfARun(metadata: String, slot: Double?, manual: Bool) throws {
        let projection = try Self.job(#"{"metadata":\#(metadata),"spec":{}}"#)
        #expect(projection.scheduledTime == slot.map { Date(timeIntervalSince1970: $0) })
        #expect(projection.isManual == manual)
    }

    /// The compact layout reads and writes as plain values: every optional field set, changed
    /// and unset again compares equal to a projection built with the same values.
    @Test func fieldsReadAndWriteAsValues() {
        #expect(MemoryLayout<JobProjection>.size <= 120)
        let key = ObjectKey(namespace: "ops", name: "backup-29000000")
        let plain = JobProjection(key: key, uid: "u1", created: Date(timeIntervalSince1970: 10))
        #expect(plain.cronJobOwner == nil && plain.scheduledTime == nil && plain.startTime == nil)
        #expect(plain.outcome == nil && plain.activeDeadlineSeconds == nil)
        let outcome = JobOutcome(
            result: .failed, reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit",
            finishTime: Date(timeIntervalSince1970: 70.5))
        var job = plain
        job.cronJobOwner = JobProjection.Owner(name: "backup", uid: "cj-1")
        job.scheduledTime = Date(timeIntervalSince1970: 0)
        job.startTime = Date(timeIntervalSince1970: -5)
        job.outcome = outcome
        job.activeDeadlineSeconds = 0
        #expect(job == JobProjection(
            key: key, uid: "u1", cronJobOwner: JobProjection.Owner(name: "backup", uid: "cj-1"),
            created: Date(timeIntervalSince1970: 10), scheduledTime: Date(timeIntervalSince1970: 0),
            startTime: Date(timeIntervalSince1970: -5), outcome: outcome, activeDeadlineSeconds: 0))
        #expect(job.outcome == outcome && job.activeDeadlineSeconds == 0 && job.startTime == Date(timeIntervalSince1970: -5))
        job.outcome = JobOutcome(result: .succeeded)
        #expect(job.outcome == JobOutcome(result: .succeeded))
        job.cronJobOwner = nil
        job.scheduledTime = nil
        job.startTime = nil
        job.outcome = nil
        job.activeDeadlineSeconds = nil
        #expect(job == plain)
    }

    @Test func startIsStartTimeElseCreation() throws {
        let started = try Self.job(#"{"metadata":{"name":"j","creationTimestamp":"2025-01-01T00:00:00Z"},"status":{"startTime":"2025-01-01T00:00:05Z"}}"#)
        #expect(started.effectiveStart == Date(timeIntervalSince1970: 1_735_689_605))
        let pending = try Self.job(#"{"metadata":{"name":"j","creationTimestamp":"2025-01-01T00:00:00Z"}}"#)
        #expect(pending.effectiveStart == Date(timeIntervalSince1970: 1_735_689_600))
        #expect(pending.isActive)
    }

    /// (conditions JSON, completionTime, expected result, reason, finish seconds)
    @Test(arguments: [
        (#"[{"type":"SuccessCriteriaMet","status":"True","lastTransitionTime":"2025-01-01T00:01:00Z"}]"#, nil, "succeeded", nil, 1_735_689_660.0),
        (#"[{"type":"SuccessCriteriaMet","status":"True","lastTransitionTime":"2025-01-01T00:01:00Z"},{"type":"Complete","status":"True","lastTransitionTime":"2025-01-01T00:01:02Z"}]"#, "2025-01-01T00:01:02Z", "succeeded", nil, 1_735_689_662.0),
        (#"[{"type":"FailureTarget","status":"True","reason":"BackoffLimitExceeded","lastTransitionTime":"2025-01-01T00:02:00Z"}]"#, nil, "failed", "BackoffLimitExceeded", 1_735_689_720.0),
        (#"[{"type":"FailureTarget","status":"True","reason":"DeadlineExceeded","lastTransitionTime":"2025-01-01T00:02:00Z"},{"type":"Failed","status":"True","reason":"DeadlineExceeded","lastTransitionTime":"2025-01-01T00:02:03Z"}]"#, nil, "failed", "DeadlineExceeded", 1_735_689_723.0),
        (#"[{"type":"Failed","status":"True","reason":"PodFailurePolicy","lastTransitionTime":"2025-01-01T00:02:00Z"}]"#, nil, "failed", "PodFailurePolicy", 1_735_689_720.0),
        (#"[{"type":"Failed","status":"True","reason":"MaxFailedIndexesExceeded","lastTransitionTime":"2025-01-01T00:02:00Z"}]"#, nil, "failed", "MaxFailedIndexesExceeded", 1_735_689_720.0),
        (#"[{"type":"Suspended","status":"True","lastTransitionTime":"2025-01-01T00:02:00Z"}]"#, nil, "active", nil, nil),
        (#"[{"type":"Complete","status":"False","lastTransitionTime":"2025-01-01T00:02:00Z"}]"#, nil, "active", nil, nil),
    ] as [(String, String?, String, String?, Double?)])
    func outcomeFromConditions(conditions: String, completion: String?, result: String, reason: String?, finish: Double?) throws {
        let completionField = completion.map { #","completionTime":"\#($0)""# } ?? ""
        let projection = try Self.job(#"{"metadata":{"name":"j","creationTimestamp":"2025-01-01T00:00:00Z"},"status":{"conditions":\#(conditions)\#(completionField)}}"#)
        switch projection.outcome?.result {
        case .succeeded?: #expect(result == "succeeded")
        case .failed?: #expect(result == "failed")
        case nil: #expect(result == "active")
        }
        #expect(projection.outcome?.reason == reason)
        #expect(projection.outcome?.finishTime == finish.map { Date(timeIntervalSince1970: $0) })
    }
}
