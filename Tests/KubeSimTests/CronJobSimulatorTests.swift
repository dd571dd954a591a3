import Foundation
import KubernetesModel
import Logging
import Testing
@testable import KubeSim

/// The simulated CronJob controller, driven tick by tick on a manual clock (with the Job
/// simulator where Jobs must run or finish).
@Suite struct CronJobSimulatorTests {
    /// A whole minute: 2025-06-15T02:26:00Z.
    static let start = Date(timeIntervalSince1970: 1_749_954_360)

    struct Fixture {
        let time = ManualTime(CronJobSimulatorTests.start)
        let store: ObjectStore
        let cronJobs: CronJobSimulator
        let jobs: JobSimulator

        init() throws {
            let time = self.time
            store = try ObjectStore(now: { time.now })
            var logger = Logger(label: "cronjob-simulator-test")
            logger.logLevel = .critical
            cronJobs = CronJobSimulator(store: store, now: { time.now }, logger: logger)
            jobs = JobSimulator(store: store, now: { time.now }, logger: logger)
        }

        /// Moves to `seconds` after the start and runs both controllers once (CronJobs, Jobs, CronJobs).
        func tick(at seconds: TimeInterval) {
            let now = CronJobSimulatorTests.start.addingTimeInterval(seconds)
            time.set(now)
            cronJobs.tick(now: now)
            jobs.tick(now: now)
            cronJobs.tick(now: now)
        }

        func jobNames() throws -> [String] {
            try store.list(.jobs, namespace: "default").items.map { try JSONParser.parse($0).metadataString("name") ?? "" }
        }

        func cronJob(_ name: String = "nightly") throws -> JSONValue {
            try store.get(.cronJobs, namespace: "default", name: name)
        }

        @discardableResult
        func createCronJob(_ name: String = "nightly", schedule: String = "*/1 * * * *", spec: String = "",
                           outcome: String = "succeed", runSeconds: Int = 10) throws -> JSONValue {
            try store.create(.cronJobs, namespace: "default", object: json("""
                {"metadata":{"name":"\(name)"},
                 "spec":{"schedule":"\(schedule)"\(spec.isEmpty ? "" : ",")\(spec),
                  "jobTemplate":{"metadata":{"labels":{"app":"\(name)"},
                    "annotations":{"\(JobScript.outcomeAnnotation)":"\(outcome)","\(JobScript.runSecondsAnnotation)":"\(runSeconds)"}},
                   "spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox"}],"restartPolicy":"Never"}}}}}}
                """))
        }

        func eventReasons() throws -> [String] {
            try store.list(.coreEvents, namespace: "default").items.map { try JSONParser.parse($0)["reason"]?.stringValue ?? "" }
        }
    }

    static func minutes(_ offset: Int) -> Int64 {
        Int64(start.timeIntervalSince1970) / 60 + Int64(offset)
    }

    @Test func allowCreatesOneJobPerMinuteWithNameAnnotationLabelsAndOwner() throws {
        let fixture = try Fixture()
        let cronJob = try fixture.createCronJob(spec: #""concurrencyPolicy":"Allow""#, outcome: "hang")
        fixture.tick(at: 30)
        #expect(try fixture.jobNames().isEmpty)
        for minute in 1...3 { fixture.tick(at: TimeInterval(minute * 60)) }
        #expect(try fixture.jobNames() == (1...3).map { "nightly-\(Self.minutes($0))" })
        let job = try fixture.store.get(.jobs, namespace: "default", name: "nightly-\(Self.minutes(1))")
        #expect(job["metadata"]?["annotations"]?["batch.kubernetes.io/cronjob-scheduled-timestamp"] == .string("2025-06-15T02:27:00Z"))
        #expect(job["metadata"]?["annotations"]?[JobScript.outcomeAnnotation] == .string("hang"))
        #expect(job.at("metadata.labels.app") == .string("nightly"))
        #expect(job.at("metadata.ownerReferences.0.uid") == cronJob.at("metadata.uid"))
        #expect(job.at("metadata.ownerReferences.0.kind") == .string("CronJob"))
        #expect(job.at("metadata.ownerReferences.0.controller") == .bool(true))
        #expect(job.at("metadata.ownerReferences.0.blockOwnerDeletion") == .bool(true))
        #expect(job.at("spec.template.spec.containers.0.image") == .string("busybox"))
        let status = try fixture.cronJob()["status"]
        #expect(status?["active"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == (1...3).map { "nightly-\(Self.minutes($0))" })
        #expect(status?.at("active.0.kind") == .string("Job"))
        #expect(status?["lastScheduleTime"] == .string(Timestamps.rfc3339(Self.start.addingTimeInterval(180))))
        #expect(try fixture.eventReasons().filter { $0 == "SuccessfulCreate" }.count == 3)
    }

    @Test func forbidWithAHangingJobCreatesNoSecondJob() throws {
        let fixture = try Fixture()
        try fixture.createCronJob(spec: #""concurrencyPolicy":"Forbid""#, outcome: "hang")
        for minute in 1...6 { fixture.tick(at: TimeInterval(minute * 60)) }
        #expect(try fixture.jobNames() == ["nightly-\(Self.minutes(1))"])
        #expect(try fixture.cronJob().at("status.active")?.arrayValue?.count == 1)
        #expect(try fixture.eventReasons().contains("JobAlreadyActive"))
        #expect(try fixture.cronJob().at("status.lastScheduleTime") == .string(Timestamps.rfc3339(Self.start.addingTimeInterval(60))))
    }

    @Test func forbidStartsTheSkippedSlotLateOnceTheRunFinished() throws {
        let fixture = try Fixture()
        try fixture.createCronJob(spec: #""concurrencyPolicy":"Forbid""#, runSeconds: 90)
        fixture.tick(at: 60)
        fixture.tick(at: 120)
        #expect(try fixture.jobNames() == ["nightly-\(Self.minutes(1))"])
        // The first run ends at 150 s: it leaves status.active, and (no startingDeadlineSeconds)
        // the slot skipped at 120 s is started late, as the real controller does.
        fixture.tick(at: 150)
        #expect(try fixture.jobNames() == ["nightly-\(Self.minutes(1))", "nightly-\(Self.minutes(2))"])
        #expect(try fixture.cronJob().at("status.active")?.arrayValue?.compactMap { $0["name"]?.stringValue }
            == ["nightly-\(Self.minutes(2))"])
        #expect(try fixture.eventReasons().contains("SawCompletedJob"))
    }

    @Test func replaceDeletesTheActiveJobAndCreatesTheNext() throws {
        let fixture = try Fixture()
        try fixture.createCronJob(spec: #""concurrencyPolicy":"Replace""#, outcome: "hang")
        fixture.tick(at: 60)
        fixture.tick(at: 120)
        #expect(try fixture.jobNames() == ["nightly-\(Self.minutes(2))"])
        #expect(try fixture.cronJob().at("status.active")?.arrayValue?.compactMap { $0["name"]?.stringValue }
            == ["nightly-\(Self.minutes(2))"])
        #expect(try fixture.eventReasons().contains("SuccessfulDelete"))
    }

    @Test func suspendStopsScheduling() throws {
        let fixture = try Fixture()
        try fixture.createCronJob(outcome: "hang")
        fixture.tick(at: 60)
        _ = try fixture.store.patch(.cronJobs, namespace: "default", name: "nightly", type: .merge,
                                    body: Array(#"{"spec":{"suspend":true}}"#.utf8))
        for minute in 2...5 { fixture.tick(at: TimeInterval(minute * 60)) }
        #expect(try fixture.jobNames() == ["nightly-\(Self.minutes(1))"])
    }

    @Test func startingDeadlineSkipsAStaleSlot() throws {
        let fixture = try Fixture()
        // Hourly at minute 27; the controller first looks 10 minutes after the slot.
        try fixture.createCronJob(schedule: "27 * * * *", spec: #""startingDeadlineSeconds":120"#)
        fixture.tick(at: 60 + 600)
        #expect(try fixture.jobNames().isEmpty)
        #expect(try fixture.cronJob().at("status.lastScheduleTime") == nil)
        // The next slot, seen in time, runs.
        fixture.tick(at: 60 + 3600 + 30)
        #expect(try fixture.jobNames() == ["nightly-\(Self.minutes(61))"])
    }

    @Test func withoutDeadlineOnlyTheMostRecentMissedSlotRuns() throws {
        let fixture = try Fixture()
        try fixture.createCronJob(outcome: "hang")
        fixture.tick(at: 10 * 3600 + 30)
        #expect(try fixture.jobNames() == ["nightly-\(Self.minutes(600))"])
        #expect(try fixture.eventReasons().contains("TooManyMissedTimes"))
    }

    @Test func timeZoneIsRespected() throws {
        let fixture = try Fixture()
        // 02:26Z is 04:26 in Berlin (CEST): "30 4 * * *" there is 02:30Z.
        try fixture.createCronJob(schedule: "30 4 * * *", spec: #""timeZone":"Europe/Berlin""#, outcome: "hang")
        fixture.tick(at: 3 * 60)
        #expect(try fixture.jobNames().isEmpty)
        fixture.tick(at: 4 * 60)
        #expect(try fixture.jobNames() == ["nightly-\(Self.minutes(4))"])
        let job = try fixture.store.get(.jobs, namespace: "default", name: "nightly-\(Self.minutes(4))")
        #expect(job["metadata"]?["annotations"]?["batch.kubernetes.io/cronjob-scheduled-timestamp"] == .string("2025-06-15T04:30:00+02:00"))
    }

    @Test(arguments: [
        ("not a schedule", "", "UnparseableSchedule"),
        ("* * * * *", #""timeZone":"Mars/Olympus""#, "UnknownTimeZone"),
    ])
    func unusableScheduleCreatesNoJobsAndWarns(schedule: String, spec: String, reason: String) throws {
        let fixture = try Fixture()
        try fixture.createCronJob(schedule: schedule, spec: spec)
        for minute in 1...3 { fixture.tick(at: TimeInterval(minute * 60)) }
        #expect(try fixture.jobNames().isEmpty)
        let events = try fixture.store.list(.coreEvents, namespace: "default").items.map { try JSONParser.parse($0) }
        #expect(events.count == 1)
        #expect(events.first?["reason"] == .string(reason))
        #expect(events.first?["type"] == .string("Warning"))
        #expect(events.first?.at("involvedObject.kind") == .string("CronJob"))
        #expect(events.first?.at("involvedObject.name") == .string("nightly"))
    }

    @Test func historyLimitsDeleteTheOldestFinishedJobsAndStatusRecordsSuccess() throws {
        let fixture = try Fixture()
        try fixture.createCronJob(spec: #""successfulJobsHistoryLimit":2"#, runSeconds: 10)
        for minute in 1...5 {
            fixture.tick(at: TimeInterval(minute * 60))
            fixture.tick(at: TimeInterval(minute * 60 + 10))
        }
        #expect(try fixture.jobNames() == ["nightly-\(Self.minutes(4))", "nightly-\(Self.minutes(5))"])
        let status = try #require(try fixture.cronJob()["status"])
        #expect(status["active"] == nil)
        #expect(status["lastSuccessfulTime"] == .string(Timestamps.rfc3339(Self.start.addingTimeInterval(310))))
        #expect(status["lastScheduleTime"] == .string(Timestamps.rfc3339(Self.start.addingTimeInterval(300))))
    }

    @Test func failedHistoryDefaultsToOne() throws {
        let fixture = try Fixture()
        try fixture.createCronJob(outcome: "fail", runSeconds: 5)
        for minute in 1...3 {
            fixture.tick(at: TimeInterval(minute * 60))
            fixture.tick(at: TimeInterval(minute * 60 + 5))
        }
        #expect(try fixture.jobNames() == ["nightly-\(Self.minutes(3))"])
        #expect(try fixture.cronJob().at("status.lastSuccessfulTime") == nil)
    }

    @Test func statusIsWrittenThroughTheStatusSubresource() throws {
        let fixture = try Fixture()
        try fixture.createCronJob(outcome: "hang")
        let before = try fixture.cronJob()
        fixture.tick(at: 60)
        let after = try fixture.cronJob()
        #expect(after.at("metadata.generation") == before.at("metadata.generation"))
        #expect(after.at("spec") == before.at("spec"))
        let beforeVersion = Int(before.metadataString("resourceVersion") ?? "") ?? 0
        let afterVersion = Int(after.metadataString("resourceVersion") ?? "") ?? 0
        #expect(afterVersion > beforeVersion)
        #expect(after.at("status.active.0.uid") == (try fixture.store.get(.jobs, namespace: "default",
                                                                           name: "nightly-\(Self.minutes(1))").at("metadata.uid")))
    }

    @Test func deletingTheCronJobDeletesItsJobs() throws {
        let fixture = try Fixture()
        try fixture.createCronJob(outcome: "hang")
        fixture.tick(at: 60)
        #expect(try fixture.jobNames().count == 1)
        _ = try fixture.store.delete(.cronJobs, namespace: "default", name: "nightly")
        #expect(try fixture.jobNames().isEmpty)
    }

    @Test func anExistingOwnedJobForTheSlotIsRecordedNotDuplicated() throws {
        let fixture = try Fixture()
        let cronJob = try fixture.createCronJob(outcome: "hang")
        // As if a create went through but its status write was lost.
        var job = try Harness.job("nightly-\(Self.minutes(1))",
                                  owner: (name: "nightly", uid: cronJob.metadataString("uid") ?? ""))
        job.set("apiVersion", .string("batch/v1"))
        let existing = try fixture.store.create(.jobs, namespace: "default", object: job)
        fixture.time.set(Self.start.addingTimeInterval(60))
        fixture.cronJobs.tick(now: Self.start.addingTimeInterval(60))
        #expect(try fixture.jobNames() == ["nightly-\(Self.minutes(1))"])
        let status = try fixture.cronJob()["status"]
        #expect(status?.at("active.0.uid") == existing.at("metadata.uid"))
        #expect(status?["lastScheduleTime"] == .string(Timestamps.rfc3339(Self.start.addingTimeInterval(60))))
        #expect(try !fixture.eventReasons().contains("SuccessfulCreate"))
    }

    @Test func suspendedCronJobWithABadScheduleRecordsNothing() throws {
        let fixture = try Fixture()
        try fixture.createCronJob(schedule: "every day", spec: #""suspend":true"#)
        fixture.tick(at: 60)
        #expect(try fixture.eventReasons().isEmpty)
        #expect(try fixture.jobNames().isEmpty)
    }
}
