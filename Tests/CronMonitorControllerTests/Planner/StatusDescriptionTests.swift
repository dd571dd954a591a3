import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesClient
import KubernetesModel
import Testing

/// Every status field's description in the CRD says what the planner does: each field has a
/// claim, a phrase its description must hold, and a planner case that shows the claim.
@Suite struct StatusDescriptionTests {
    static func descriptions() throws -> [String: String] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/crd/bases/cronmonitor.io_cronmonitors.yaml")
        let crd = try YAMLParser.parse(try Data(contentsOf: url))
        let version = try #require(crd["spec"]?["versions"]?.arrayValue?.first)
        let status = try #require(version["schema"]?["openAPIV3Schema"]?["properties"]?["status"]?["properties"])
        var descriptions: [String: String] = [:]
        for (name, field) in try #require(status.objectValue) {
            descriptions[name] = field["description"]?.stringValue ?? ""
        }
        return descriptions
    }

    struct Field: CustomTestStringConvertible, Sendable {
        var name: String
        /// A phrase of the field's description.
        var claim: String
        /// A planner case showing the claim.
        var check: @Sendable () throws -> Void
        var testDescription: String { name }
    }

    static let hour = Time(PlannerWorld.at(60))
    static let failed = PlannerWorld.Outcome.failed(afterMinutes: 1, reason: "BackoffLimitExceeded")

    static let fields: [Field] = [
        Field(name: "observedGeneration", claim: "The spec generation this status was computed from.") {
            var world = PlannerWorld()
            world.generation = 4
            #expect(world.step(at: 1).status.observedGeneration == 4)
        },
        Field(name: "conditions", claim: "Unknown before the first judged run, while suspended and,") {
            var world = PlannerWorld()
            let fresh = world.step(at: 1)
            #expect(fresh.ready == "True/Resolved")
            #expect(fresh.healthy == "Unknown/NoRunsYet")
            world.spec.suspend = true
            #expect(world.step(at: 2).healthy == "Unknown/Suspended")
            world.spec.schedule = "0 0 30 2 *"
            let never = world.step(at: 3)
            #expect(never.ready == "False/ScheduleNeverFires")
            #expect(never.healthy == "Unknown/ScheduleNeverFires")
        },
        Field(name: "reason", claim: "Why the monitor is not ready (the Ready condition's reason") {
            var world = PlannerWorld()
            #expect(world.step(at: 1).status.reason == "NoRunsYet")
            #expect(world.step(at: 66).status.reason == "ScheduleMissed")
            world.spec.schedule = "61 * * * *"
            #expect(world.step(at: 67).status.reason == "InvalidSchedule")
        },
        Field(name: "target", claim: "written also when the spec is invalid") {
            var world = PlannerWorld()
            #expect(world.step(at: 1).status.target == "CronJob/backup")
            world.cronJob = nil
            let missing = world.step(at: 2)
            #expect(missing.ready == "False/CronJobNotFound")
            #expect(missing.status.target == "CronJob/backup")
            world.spec = CronMonitorSpec(jobSelector: LabelSelector(matchLabels: ["app": "etl"]))
            let noSchedule = world.step(at: 3)
            #expect(noSchedule.ready == "False/InvalidSpec")
            #expect(noSchedule.status.target == "selector: app=etl")
        },
        Field(name: "resolvedSchedule", claim: "spec.schedule else the CronJob's; written also when it is invalid") {
            var world = PlannerWorld()
            #expect(world.step(at: 1).status.resolvedSchedule == "0 * * * *")
            world.spec.schedule = "61 * * * *"
            #expect(world.step(at: 2).status.resolvedSchedule == "61 * * * *")
        },
        Field(name: "resolvedTimeZone", claim: "spec.timeZone else the CronJob's, else UTC") {
            var world = PlannerWorld()
            #expect(world.step(at: 1).status.resolvedTimeZone == "UTC")
            world.cronJob?.timeZone = "Europe/Berlin"
            #expect(world.step(at: 2).status.resolvedTimeZone == "Europe/Berlin")
            world.spec.timeZone = "Asia/Tokyo"
            #expect(world.step(at: 3).status.resolvedTimeZone == "Asia/Tokyo")
        },
        Field(name: "lastScheduleTime", claim: "not before the monitor and its CronJob existed") {
            var world = PlannerWorld()
            #expect(world.step(at: 125).status.lastScheduleTime == Time(PlannerWorld.at(120)))
            var late = PlannerWorld()
            late.created = PlannerWorld.at(30)
            #expect(late.step(at: 45).status.lastScheduleTime == nil)
        },
        Field(name: "nextScheduleTime", claim: "@every slots count from the CronJob's lastScheduleTime, else its creation") {
            var world = PlannerWorld()
            world.cronJob?.schedule = "@every 90m"
            world.cronJob?.lastScheduleTime = PlannerWorld.at(-20)
            #expect(world.step(at: 5).status.nextScheduleTime == Time(PlannerWorld.at(70)))
            world.cronJob?.lastScheduleTime = nil
            world.cronJob?.created = PlannerWorld.at(-1440 + 7)
            #expect(world.step(at: 6).status.nextScheduleTime == Time(PlannerWorld.at(7)))
            world.spec.schedule = "0 0 30 2 *"
            #expect(world.step(at: 7).status.nextScheduleTime == nil, "unset while not Ready")
        },
        Field(name: "lastJudgedSlotTime", claim: "Slots up to this time have been judged for missed runs.") {
            var world = PlannerWorld()
            #expect(world.step(at: 64).status.lastJudgedSlotTime == nil, "the 01:00 slot is within its grace")
            #expect(world.step(at: 66).status.lastJudgedSlotTime == hour)
        },
        Field(name: "lastStartTime", claim: "When the newest run started.") {
            var world = PlannerWorld()
            world.jobs = [PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1)), PlannerWorld.run(slot: 120)]
            #expect(world.step(at: 121).status.lastStartTime == Time(PlannerWorld.at(120).addingTimeInterval(2)))
        },
        Field(name: "lastFinishTime", claim: "When the newest finished run finished.") {
            var world = PlannerWorld()
            world.jobs = [PlannerWorld.run(slot: 60, failed), PlannerWorld.run(slot: 120)]
            #expect(world.step(at: 121).status.lastFinishTime == Time(PlannerWorld.at(61).addingTimeInterval(2)))
        },
        Field(name: "lastSuccessTime", claim: "When the newest successful run finished.") {
            var world = PlannerWorld()
            world.jobs = [PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 2)), PlannerWorld.run(slot: 120, failed)]
            #expect(world.step(at: 122).status.lastSuccessTime == Time(PlannerWorld.at(62).addingTimeInterval(2)))
        },
        Field(name: "lastFailureTime", claim: "a stuck run's start plus maxDurationSeconds, a missed slot plus startGraceSeconds") {
            var world = PlannerWorld()
            #expect(world.step(at: 66).status.lastFailureTime == Time(PlannerWorld.at(65)))
            world.spec.maxDurationSeconds = 600
            world.jobs = [PlannerWorld.run(slot: 120)]
            #expect(world.step(at: 131).status.lastFailureTime == Time(PlannerWorld.at(130).addingTimeInterval(2)))
            #expect(world.step(at: 150).status.lastFailureTime == Time(PlannerWorld.at(130).addingTimeInterval(2)))
        },
        Field(name: "lastResult", claim: "Never Running") {
            var world = PlannerWorld()
            world.jobs = [PlannerWorld.run(slot: 60)]
            #expect(world.step(at: 61).status.lastResult == nil)
            world.change(jobName(60)) { $0.outcome = PlannerWorld.finish(.succeeded(afterMinutes: 1), start: $0.effectiveStart) }
            world.jobs.append(PlannerWorld.run(slot: 120))
            #expect(world.step(at: 121).status.lastResult == .succeeded)
        },
        Field(name: "consecutiveFailures", claim: "Failed, stuck and missed runs in a row") {
            var world = PlannerWorld()
            world.spec.failureThreshold = 5
            world.spec.maxDurationSeconds = 600
            world.jobs = [PlannerWorld.run(slot: 60, failed)]
            #expect(world.step(at: 62).status.consecutiveFailures == 1)
            #expect(world.step(at: 126).status.consecutiveFailures == 2, "the 02:00 slot was missed")
            world.jobs.append(PlannerWorld.run(slot: 180))
            #expect(world.step(at: 191).status.consecutiveFailures == 3, "the 03:00 run is stuck")
            world.jobs.append(PlannerWorld.run(slot: 240, .succeeded(afterMinutes: 1)))
            #expect(world.step(at: 242).status.consecutiveFailures == 0, "a success resets it")
        },
        Field(name: "active", claim: "The number of active runs") {
            var world = PlannerWorld()
            world.jobs = [PlannerWorld.run(slot: 60), PlannerWorld.run(slot: 120)]
            #expect(world.step(at: 121).status.active == 2)
        },
        Field(name: "activeRuns", claim: "Runs active now.") {
            var world = PlannerWorld()
            world.jobs = [PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1)), PlannerWorld.run(slot: 120)]
            #expect(world.step(at: 121).status.activeRuns?.map(\.jobName) == [jobName(120)])
        },
        Field(name: "runs", claim: "Run records, newest first, at most spec.historyLimit.") {
            var world = PlannerWorld()
            world.spec.historyLimit = 2
            world.jobs = [60, 120, 180].map { PlannerWorld.run(slot: $0, .succeeded(afterMinutes: 1)) }
            #expect(world.step(at: 182).runs == ["\(jobName(180)):Succeeded", "\(jobName(120)):Succeeded"])
        },
        Field(name: "totals", claim: "Counters since the monitor was created.") {
            var world = PlannerWorld()
            world.spec.historyLimit = 1
            world.jobs = [PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1))]
            world.step(at: 62)
            world.jobs.append(PlannerWorld.run(slot: 120, failed))
            let totals = world.step(at: 122).status.totals
            #expect(totals?.runs == 2, "a run trimmed from runs stays counted")
            #expect(totals?.succeeded == 1)
            #expect(totals?.failed == 1)
        },
        Field(name: "durations", claim: "Durations of the runs in runs that succeeded or failed") {
            var world = PlannerWorld()
            world.jobs = [
                PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1)), PlannerWorld.run(slot: 120, failed),
                PlannerWorld.run(slot: 180),
            ]
            #expect(world.step(at: 181).status.durations == RunDurations(p50Seconds: 60, p95Seconds: 60, maxSeconds: 60))
        },
        Field(name: "daily", claim: "One entry per calendar day in the monitor's time zone, newest first") {
            var world = PlannerWorld()
            world.spec.timeZone = "America/New_York"
            world.jobs = [PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1)), PlannerWorld.run(slot: 360, failed)]
            let daily = world.step(at: 362).status.daily ?? []
            // 01:00Z is the evening before in New York; 06:00Z is after midnight there.
            #expect(daily.map(\.date) == ["2026-11-23", "2026-11-22"])
        },
        Field(name: "pendingAlerts", claim: "Alerts decided whose Events could not be written yet") {
            var world = PlannerWorld()
            world.jobs = [PlannerWorld.run(slot: 60, failed)]
            let undelivered = world.plan(at: 62)
            #expect(undelivered.status.pendingAlerts?.map(\.reason) == ["RunFailed"])
            #expect(world.step(at: 62).status.pendingAlerts == nil)
        },
        Field(name: "countedJobs", claim: "every Job created before createdBefore") {
            var world = PlannerWorld()
            world.spec.historyLimit = 1
            world.jobs = [PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1)), PlannerWorld.run(slot: 120, failed)]
            let counted = world.step(at: 122).status.countedJobs
            // The newest Job was created 1 s after its slot (started 2 s after it).
            #expect(counted?.createdBefore == Time(PlannerWorld.at(120).addingTimeInterval(1)))
        },
    ]

    @Test func everyStatusFieldHasACase() throws {
        #expect(Set(try Self.descriptions().keys) == Set(Self.fields.map(\.name)))
    }

    @Test(arguments: fields)
    func theDescriptionSaysWhatThePlannerDoes(_ field: Field) throws {
        let description = try #require(try Self.descriptions()[field.name])
        #expect(description.contains(field.claim), "\(field.name): \(description)")
        try field.check()
    }
}
