import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import Testing

/// `CronMonitorStatus.mergePatch(from:)`: applied to the old status's JSON, the patch gives the
/// new status's JSON, for every field and every kind of change.
@Suite struct StatusMergePatchTests {
    static func json(_ status: CronMonitorStatus?) throws -> JSONValue {
        guard let status else { return .object([:]) }
        return try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(status))
    }

    /// Expects the patch from `old` to turn `old` into `new` (and none when they are equal).
    static func expectPatch(
        from old: CronMonitorStatus?, to new: CronMonitorStatus, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let patch = try new.mergePatch(from: old)
        if new == (old ?? CronMonitorStatus()) {
            #expect(patch == nil, sourceLocation: sourceLocation)
            return
        }
        let patched = try json(old).applyingMergePatch(try #require(patch, sourceLocation: sourceLocation))
        #expect(patched == (try json(new)), sourceLocation: sourceLocation)
    }

    @Test func everyFieldOfTheStatusIsCompared() {
        let fields = Set(Mirror(reflecting: CronMonitorStatus()).children.compactMap(\.label))
        #expect(fields == CronMonitorStatus.patchedFields)
    }

    static var populated: CronMonitorStatus {
        var status = CronMonitorStatus()
        let time = Time(secondsSinceEpoch: 1_800_000_000)
        status.observedGeneration = 2
        status.conditions = [
            Condition(type: "Ready", status: .true, observedGeneration: 2, lastTransitionTime: time, reason: "Resolved", message: "ok")
        ]
        status.target = "cronjob/backup"
        status.lastScheduleTime = time
        status.lastResult = .failed
        status.consecutiveFailures = 1
        status.runs = [RunRecord(jobName: "backup-1", uid: "u1", result: .failed, alerted: ["RunFailed"])]
        var totals = RunTotals()
        totals.runs = 3
        totals.failed = 1
        totals.purged = 2
        status.totals = totals
        status.countedJobs = CountedJobs(createdBefore: time, trimmedUIDs: ["u0"])
        status.pendingAlerts = [PendingAlert(reason: "RunStuck", note: "n", jobName: "backup-2", uid: "u2")]
        return status
    }

    @Test func fieldsSetChangedAndRemoved() throws {
        let populated = Self.populated
        try Self.expectPatch(from: nil, to: populated)
        try Self.expectPatch(from: populated, to: CronMonitorStatus())
        try Self.expectPatch(from: populated, to: populated)
        var changed = populated
        changed.countedJobs?.trimmedUIDs = nil
        changed.totals?.purged = nil
        changed.totals?.succeeded = 2
        changed.pendingAlerts = nil
        changed.runs?.append(RunRecord(jobName: "", scheduledTime: Time(secondsSinceEpoch: 1_800_003_600), result: .missed))
        changed.lastScheduleTime = nil
        try Self.expectPatch(from: populated, to: changed)
        try Self.expectPatch(from: changed, to: populated)
    }

    @Test func onlyChangedFieldsAreInThePatch() throws {
        var changed = Self.populated
        changed.consecutiveFailures = 2
        changed.totals?.failed = 2
        let patch = try #require(try changed.mergePatch(from: Self.populated))
        #expect(patch == .object(["consecutiveFailures": .int(2), "totals": .object(["failed": .int(2)])]))
    }
}

/// `RunRecord.jsonValue`, written by hand for speed, gives what the encoder gives.
@Suite struct RunRecordJSONTests {
    static func encoded(_ record: RunRecord) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(record))
    }

    @Test func everyFieldIsWritten() {
        // The stored fields, with those kept together in `details` in place of its box.
        let stored = Set(Mirror(reflecting: RunRecord(result: .running)).children.compactMap(\.label))
        let details = Set(Mirror(reflecting: RunRecord.Details()).children.compactMap(\.label))
        let fields = stored.subtracting(["box"]).union(details)
        #expect(stored.contains("box"))
        #expect(fields == RunRecord.jsonFields)
        #expect(Set(RunRecord.CodingKeys.allCases.map(\.stringValue)) == RunRecord.jsonFields)
    }

    /// The explaining fields live behind one reference, set only when one of them is; records
    /// compare by what they hold.
    @Test func explainingFieldsAreKeptApartAndCompareByValue() {
        #expect(MemoryLayout<RunRecord>.stride <= 112)
        var record = RunRecord(jobName: "j", uid: "u", result: .failed)
        #expect(record.details == RunRecord.Details())
        record.cause = "OOMKilled"
        record.exitCode = 137
        #expect(record.cause == "OOMKilled" && record.exitCode == 137 && record.reason == nil)
        let same = RunRecord(jobName: "j", uid: "u", result: .failed, exitCode: 137, cause: "OOMKilled")
        #expect(record == same)
        var other = same
        other.hint = "raise the memory limit"
        #expect(other != same)
        #expect(same.hint == nil, "a copy's change stays its own")
        record.cause = nil
        record.exitCode = nil
        #expect(record == RunRecord(jobName: "j", uid: "u", result: .failed))
    }

    @Test(arguments: [
        RunRecord(result: .missed),
        RunRecord(
            jobName: "backup-1", uid: "u1", scheduledTime: Time(secondsSinceEpoch: 1_800_000_000),
            startTime: Time(secondsSinceEpoch: 1_800_000_002), finishTime: Time(secondsSinceEpoch: 1_800_000_062),
            durationSeconds: 60, result: .failed, reason: "BackoffLimitExceeded",
            message: "quotes \" and \\ and ünïcödé and \n", pod: "backup-1-abcde", node: "n7", exitCode: -1,
            cause: "OOMKilled", hint: "raise <the> memory limit", alerted: ["RunFailed", "OverlappingRuns"]),
        RunRecord(jobName: "", scheduledTime: Time(secondsSinceEpoch: 0), result: .missed, alerted: []),
    ])
    func agreesWithTheEncoder(record: RunRecord) throws {
        #expect(record.jsonValue == (try Self.encoded(record)))
    }

    @Test func aTimeTheEncoderRefusesIsNotWrittenEither() {
        let record = RunRecord(startTime: Time(secondsSinceEpoch: 400_000_000_000), result: .running)
        #expect(record.jsonValue == nil)
        #expect(throws: (any Error).self) { try Self.encoded(record) }
    }
}
