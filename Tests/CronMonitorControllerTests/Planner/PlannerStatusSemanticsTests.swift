import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import Testing

/// The failure streak, `lastFailureTime` and `lastResult` over failed, stuck and missed runs:
/// each case is a history, reconciled step by step, and the status it must end with.
@Suite struct PlannerStatusSemanticsTests {
    struct Expected: Equatable, CustomStringConvertible {
        var consecutiveFailures: Int32
        var lastResult: RunResult?
        var healthy: String
        /// Seconds after the origin.
        var lastFailure: Int64?

        var description: String {
            "\(consecutiveFailures) \(lastResult?.rawValue ?? "nil") \(healthy) \(lastFailure.map { "\($0)" } ?? "nil")"
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var threshold: Int32? = nil
        var maxDuration: Int64? = nil
        var suspendedCronJob = false
        /// The Jobs, each seen from its creation on.
        var jobs: [JobProjection]
        /// The minutes reconciled at, in order.
        var steps: [Double]
        var expected: Expected
        var testDescription: String { name }
    }

    static let fail = PlannerWorld.Outcome.failed(afterMinutes: 1, reason: "BackoffLimitExceeded")

    static let cases: [Case] = [
        Case(
            name: "missed slots count in the streak, the newest sets lastFailureTime (slot + grace)",
            jobs: [], steps: [66, 126, 186],
            expected: Expected(consecutiveFailures: 3, lastResult: .missed, healthy: "False/ScheduleMissed", lastFailure: 185 * 60)),
        Case(
            name: "failureThreshold applies to missed slots: below it the monitor stays healthy",
            threshold: 3, jobs: [], steps: [66, 126],
            expected: Expected(
                consecutiveFailures: 2, lastResult: .missed, healthy: "True/FailuresBelowThreshold", lastFailure: 125 * 60)),
        Case(
            name: "a failure and a missed slot make a streak of two",
            threshold: 2, jobs: [PlannerWorld.run(slot: 60, fail)], steps: [62, 126],
            expected: Expected(consecutiveFailures: 2, lastResult: .missed, healthy: "False/ScheduleMissed", lastFailure: 125 * 60)),
        Case(
            name: "a missed slot then a failure: the failure is the newest",
            threshold: 2, jobs: [PlannerWorld.run(slot: 120, fail)], steps: [66, 122],
            expected: Expected(
                consecutiveFailures: 2, lastResult: .failed, healthy: "False/RunFailed",
                lastFailure: 121 * 60 + 2)),
        Case(
            name: "a success resets the streak of failures and misses",
            jobs: [PlannerWorld.run(slot: 60, fail), PlannerWorld.run(slot: 180, .succeeded(afterMinutes: 1))],
            steps: [62, 126, 182],
            expected: Expected(consecutiveFailures: 0, lastResult: .succeeded, healthy: "True/Succeeded", lastFailure: 125 * 60)),
        Case(
            name: "a stuck run counts; lastFailureTime is when it became stuck, also reconciled later",
            maxDuration: 600, jobs: [PlannerWorld.run(slot: 60)], steps: [75, 90, 110],
            expected: Expected(
                consecutiveFailures: 1, lastResult: .stuck, healthy: "False/RunStuck", lastFailure: 70 * 60 + 2)),
        Case(
            name: "a stuck run and a missed slot after it",
            maxDuration: 600, jobs: [PlannerWorld.run(slot: 60)], steps: [75, 126],
            expected: Expected(consecutiveFailures: 2, lastResult: .missed, healthy: "False/ScheduleMissed", lastFailure: 125 * 60)),
        Case(
            name: "slots missed while the CronJob is suspended are no failures",
            suspendedCronJob: true, jobs: [], steps: [66, 126],
            expected: Expected(consecutiveFailures: 0, lastResult: .missed, healthy: "Unknown/NoRunsYet", lastFailure: nil)),
        Case(
            name: "an active run is not the last result: the newest finished one is",
            jobs: [PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1)), PlannerWorld.run(slot: 120)],
            steps: [62, 121],
            expected: Expected(consecutiveFailures: 0, lastResult: .succeeded, healthy: "True/Succeeded", lastFailure: nil)),
        Case(
            name: "with only an active run there is no last result",
            jobs: [PlannerWorld.run(slot: 60)], steps: [61],
            expected: Expected(consecutiveFailures: 0, lastResult: nil, healthy: "Unknown/NoRunsYet", lastFailure: nil)),
    ]

    @Test(arguments: cases)
    func theStatusReadsAsTheCRDDescribesIt(_ testCase: Case) {
        var world = PlannerWorld()
        world.spec.failureThreshold = testCase.threshold
        world.spec.maxDurationSeconds = testCase.maxDuration
        world.cronJob?.suspend = testCase.suspendedCronJob
        var plan: Plan?
        for minutes in testCase.steps {
            // A Job is seen once it exists.
            world.jobs = testCase.jobs.filter { $0.created <= PlannerWorld.at(minutes) }
            plan = world.step(at: minutes)
        }
        guard let status = plan?.status else {
            Issue.record("no step")
            return
        }
        let seen = Expected(
            consecutiveFailures: status.consecutiveFailures ?? 0, lastResult: status.lastResult,
            healthy: plan?.healthy ?? "-",
            lastFailure: status.lastFailureTime.map { Int64($0.date.timeIntervalSince(PlannerWorld.origin)) })
        #expect(seen == testCase.expected)
        #expect(status.reason == plan?.condition(CronMonitorCondition.healthy)?.reason, "REASON is the Healthy reason")
    }

    @Test func theLastResultOfATrimmedHistoryOfActiveRunsIsKept() {
        var world = PlannerWorld()
        world.spec.historyLimit = 1
        world.jobs = [PlannerWorld.run(slot: 60, Self.fail)]
        #expect(world.step(at: 62).status.lastResult == .failed)
        world.jobs.append(PlannerWorld.run(slot: 120))
        let plan = world.step(at: 121)
        #expect(plan.runs == ["\(jobName(120)):Running"])
        #expect(plan.status.lastResult == .failed)
    }
}
