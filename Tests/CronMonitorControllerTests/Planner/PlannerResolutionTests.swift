import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

/// Spec validation and target resolution: `Ready`, the resolved schedule, one Warning Event per
/// problem and generation, no retry loop.
@Suite struct PlannerResolutionTests {
    @Test func aCronJobTargetResolvesItsScheduleAndZone() {
        var world = PlannerWorld()
        world.cronJob?.timeZone = "Europe/Berlin"
        let plan = world.step(at: 10)
        #expect(plan.ready == "True/Resolved")
        #expect(plan.status.target == "CronJob/backup")
        #expect(plan.status.resolvedSchedule == "0 * * * *")
        #expect(plan.status.resolvedTimeZone == "Europe/Berlin")
        #expect(plan.status.observedGeneration == 1)
        #expect(plan.healthy == "Unknown/NoRunsYet")
        #expect(plan.events == [])
        #expect(plan.status.nextScheduleTime == Time(PlannerWorld.at(60)))
        #expect(plan.status.lastScheduleTime == Time(PlannerWorld.at(0)))
    }

    @Test func theMonitorsScheduleAndZoneOverrideTheCronJobs() {
        var world = PlannerWorld()
        world.spec.schedule = "*/15 * * * *"
        world.spec.timeZone = "Asia/Tokyo"
        let plan = world.step(at: 20)
        #expect(plan.status.resolvedSchedule == "*/15 * * * *")
        #expect(plan.status.resolvedTimeZone == "Asia/Tokyo")
        #expect(plan.status.lastScheduleTime == Time(PlannerWorld.at(15)))
        #expect(plan.status.nextScheduleTime == Time(PlannerWorld.at(30)))
    }

    @Test func aMissingCronJobIsReportedOnceAndNotRetried() {
        var world = PlannerWorld()
        world.cronJob = nil
        let plan = world.step(at: 1)
        #expect(plan.ready == "False/CronJobNotFound")
        #expect(plan.reasons == ["CronJobNotFound"])
        #expect(plan.events.first?.note == "CronJob ops/backup not found")
        #expect(plan.requeueAfter == nil)
        #expect(world.step(at: 30).events == [], "the same problem in the same generation is not alerted again")
    }

    @Test(arguments: [
        (CronMonitorSpec(), "InvalidSpec"),
        (
            CronMonitorSpec(cronJobName: "backup", jobSelector: LabelSelector(matchLabels: ["a": "b"])),
            "InvalidSpec"
        ),
        (CronMonitorSpec(jobSelector: LabelSelector(matchLabels: ["a": "b"])), "InvalidSpec"),
        (
            CronMonitorSpec(
                jobSelector: LabelSelector(matchExpressions: [
                    LabelSelectorRequirement(key: "a", operator: .unrecognized("Near"), values: ["b"])
                ]), schedule: "0 * * * *"), "InvalidSpec"
        ),
        (CronMonitorSpec(cronJobName: "backup", schedule: "61 * * * *"), "InvalidSchedule"),
        (CronMonitorSpec(cronJobName: "backup", schedule: "* * * *"), "InvalidSchedule"),
        (CronMonitorSpec(cronJobName: "backup", timeZone: "Mars/Olympus"), "UnknownTimeZone"),
    ] as [(CronMonitorSpec, String)])
    func anInvalidSpecIsNotReadyWithOneWarning(spec: CronMonitorSpec, reason: String) {
        var world = PlannerWorld()
        world.spec = spec
        let plan = world.step(at: 5)
        #expect(plan.ready == "False/\(reason)")
        #expect(plan.reasons == ["InvalidSpec"])
        #expect(plan.condition(CronMonitorCondition.ready)?.message.isEmpty == false)
        #expect(plan.requeueAfter == nil)
        #expect(plan.jobsToEnd == [] && plan.jobsToDelete == [])
    }

    @Test func aNewGenerationWithTheSameProblemIsReportedAgain() {
        var world = PlannerWorld()
        world.spec.schedule = "bad"
        #expect(world.step(at: 1).reasons == ["InvalidSpec"])
        world.generation = 2
        world.spec.schedule = "still bad"
        let plan = world.step(at: 2)
        #expect(plan.reasons == ["InvalidSpec"])
        #expect(plan.status.observedGeneration == 2)
    }

    @Test func fixingTheSpecMakesTheMonitorReady() {
        var world = PlannerWorld()
        world.spec.schedule = "bad"
        let broken = world.step(at: 1)
        let brokeAt = broken.condition(CronMonitorCondition.ready)?.lastTransitionTime
        world.generation = 2
        world.spec.schedule = nil
        let plan = world.step(at: 3)
        #expect(plan.ready == "True/Resolved")
        #expect(plan.condition(CronMonitorCondition.ready)?.lastTransitionTime == Time(PlannerWorld.at(3)))
        #expect(brokeAt == Time(PlannerWorld.at(1)))
        #expect(plan.events == [])
    }

    @Test func conditionsKeepTheirTransitionTimeWhileTheirStatusHolds() {
        var world = PlannerWorld()
        world.step(at: 1)
        let plan = world.step(at: 30)
        #expect(plan.condition(CronMonitorCondition.ready)?.lastTransitionTime == Time(PlannerWorld.at(1)))
        #expect(plan.condition(CronMonitorCondition.healthy)?.lastTransitionTime == Time(PlannerWorld.at(1)))
    }

    @Test func aSelectorTargetNeedsItsOwnSchedule() {
        var world = PlannerWorld()
        world.cronJob = nil
        world.spec = CronMonitorSpec(jobSelector: LabelSelector(matchLabels: ["app": "etl"]), schedule: "30 * * * *")
        let plan = world.step(at: 1)
        #expect(plan.ready == "True/Resolved")
        #expect(plan.status.target == "selector: app=etl")
        #expect(plan.status.resolvedTimeZone == "UTC")
    }

    @Test func targetsAreTheCronJobsJobsOrTheSelectorsMatches() {
        var world = PlannerWorld()
        let mine = PlannerWorld.run(slot: 60)
        let otherCronJob = PlannerWorld.run(slot: 60, owner: "report", ownerUID: "cj-2")
        let previousIncarnation = PlannerWorld.run(slot: 120, ownerUID: "cj-0")
        var otherNamespace = PlannerWorld.run(slot: 180)
        otherNamespace.key.namespace = "elsewhere"
        let all = [mine, otherCronJob, previousIncarnation, otherNamespace]
        #expect(Planner.targets(of: world.monitor, cronJob: world.cronJob, among: all).map(\.uid) == [mine.uid])

        world.spec = CronMonitorSpec(jobSelector: LabelSelector(matchLabels: ["app": "etl"]), schedule: "0 * * * *")
        let etl = PlannerWorld.external(createdMinutes: 1, name: "etl-1")
        let web = PlannerWorld.external(createdMinutes: 1, name: "web-1", labels: ["app": "web"])
        #expect(Planner.targets(of: world.monitor, cronJob: nil, among: [etl, web, mine]).map(\.uid) == [etl.uid])

        world.spec.cronJobName = "backup"
        #expect(Planner.targets(of: world.monitor, cronJob: world.cronJob, among: all + [etl]) == [])
    }
}
