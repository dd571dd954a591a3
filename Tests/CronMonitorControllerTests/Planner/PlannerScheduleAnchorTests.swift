import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

/// Schedules as the CronJob controller reads them: `@every` slots anchored where the controller
/// anchors them, and a schedule that never fires.
@Suite struct PlannerScheduleAnchorTests {
    struct AnchorCase: CustomTestStringConvertible, Sendable {
        var name: String
        /// Minutes after the origin (the monitor's creation).
        var cronJobCreated: Double?
        var lastScheduleTime: Double?
        var now: Double
        /// `status.nextScheduleTime` and the missed slots, in minutes after the origin.
        var next: Double
        var missed: [Double]
        var testDescription: String { name }
    }

    static let anchorCases: [AnchorCase] = [
        // Created 23 h 53 min before the monitor: its slots fall on minutes 7, 97, 187, ...
        AnchorCase(
            name: "counted from the CronJob's creation", cronJobCreated: -1440 + 7, now: 5, next: 7, missed: []),
        AnchorCase(
            name: "slots missed on the CronJob's phase, not the monitor's", cronJobCreated: -1440 + 7, now: 190,
            next: 277, missed: [7, 97, 187]),
        AnchorCase(
            name: "counted from the CronJob's lastScheduleTime when it has one", cronJobCreated: -1440 + 7,
            lastScheduleTime: -20, now: 5, next: 70, missed: []),
        AnchorCase(
            name: "a selector monitor counts from its own creation", cronJobCreated: nil, now: 100, next: 180,
            missed: [90]),
    ]

    @Test(arguments: anchorCases)
    func everySlotsFallWhereTheCronJobControllerPutsThem(_ testCase: AnchorCase) {
        var world = PlannerWorld()
        world.spec.startGraceSeconds = 60
        if let created = testCase.cronJobCreated {
            world.cronJob?.schedule = "@every 90m"
            world.cronJob?.created = PlannerWorld.at(created)
            world.cronJob?.lastScheduleTime = testCase.lastScheduleTime.map(PlannerWorld.at)
        } else {
            world.cronJob = nil
            world.spec = CronMonitorSpec(
                jobSelector: LabelSelector(matchLabels: ["app": "etl"]), schedule: "@every 90m", startGraceSeconds: 60)
        }
        let plan = world.step(at: testCase.now)
        #expect(plan.status.nextScheduleTime == Time(PlannerWorld.at(testCase.next)))
        let missed = (plan.status.runs ?? []).filter { $0.result == .missed }.compactMap(\.scheduledTime)
        #expect(missed.sorted() == testCase.missed.map { Time(PlannerWorld.at($0)) })
    }

    @Test func aJobOfAnotherSchedulerServesTheAnchoredSlot() {
        var world = PlannerWorld()
        world.cronJob = nil
        world.spec = CronMonitorSpec(jobSelector: LabelSelector(matchLabels: ["app": "etl"]), schedule: "@every 90m")
        world.jobs = [PlannerWorld.external(createdMinutes: 91, .succeeded(afterMinutes: 1), name: "etl-a")]
        let plan = world.step(at: 100)
        #expect(plan.status.runs?.first?.scheduledTime == Time(PlannerWorld.at(90)))
        #expect(plan.runs == ["etl-a:Succeeded"])
        #expect(plan.status.lastScheduleTime == Time(PlannerWorld.at(90)))
    }

    @Test func aScheduleThatNeverFiresIsNotReadyWithOneWarning() throws {
        var world = PlannerWorld()
        world.spec.schedule = "0 0 30 2 *"
        let plan = world.step(at: 5)
        #expect(plan.ready == "False/ScheduleNeverFires")
        #expect(plan.status.reason == ReadyReason.scheduleNeverFires)
        #expect(plan.status.resolvedSchedule == "0 0 30 2 *", "SCHEDULE is shown although it never fires")
        #expect(plan.status.target == "CronJob/backup")
        #expect(plan.status.nextScheduleTime == nil)
        let event = try #require(plan.events.first)
        #expect(plan.events.count == 1)
        #expect(event.reason.isWarning)
        #expect(event.note.contains("0 0 30 2 *"))
        #expect(world.step(at: 60).events == [], "one Event per reason and generation")
        // The CronJob's own schedule is read the same way.
        world.spec.schedule = nil
        world.cronJob?.schedule = "0 0 31 4 *"
        world.status = nil
        #expect(world.step(at: 70).ready == "False/ScheduleNeverFires")
    }
}
