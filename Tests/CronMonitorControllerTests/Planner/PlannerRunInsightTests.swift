import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

/// Pods of Jobs → why a run failed, why it never started (`Pending`, `RunNotStarted`), and the
/// explanation in the run record and the `RunFailed` note.
@Suite struct PlannerRunInsightTests {
    typealias Container = PodProjection.Container
    typealias Termination = PodProjection.Termination
    typealias Waiting = PodProjection.Waiting

    /// A Pod of `job`, created with it (a second later when `secondsAfterJob` says so).
    static func pod(
        of job: JobProjection, suffix: String = "x7k2p", secondsAfterJob: Double = 1, node: String? = "n7",
        phase: PodProjection.Phase, reason: String? = nil, message: String? = nil, unscheduled: Waiting? = nil,
        containers: [Container] = []
    ) -> PodProjection {
        PodProjection(
            key: ObjectKey(namespace: job.key.namespace, name: "\(job.key.name)-\(suffix)"), jobUID: job.uid,
            jobName: job.key.name, created: job.created.addingTimeInterval(secondsAfterJob), node: node, phase: phase,
            reason: reason, message: message, unscheduled: unscheduled, containers: containers)
    }

    static func terminated(_ name: String = "backup", exit: Int32, reason: String) -> Container {
        Container(name: name, state: .terminated(Termination(exitCode: exit, reason: reason)))
    }

    static func waiting(_ reason: String, _ message: String? = nil, container name: String = "backup") -> Container {
        Container(name: name, state: .waiting(Waiting(reason: reason, message: message)))
    }

    /// A world with one failed run of the slot at minute 60 and its Pod.
    static func failedRun(reason: String = "BackoffLimitExceeded", pod: (JobProjection) -> PodProjection) -> (
        PlannerWorld, JobProjection
    ) {
        var world = PlannerWorld()
        let job = PlannerWorld.run(slot: 60, .failed(afterMinutes: 1, reason: reason))
        world.jobs = [job]
        world.pods = [job.uid: [pod(job)]]
        return (world, job)
    }

    // MARK: - Failed runs

    struct FailureCase: Sendable, CustomTestStringConvertible {
        var name: String
        var jobReason: String = "BackoffLimitExceeded"
        var pod: @Sendable (JobProjection) -> PodProjection
        var cause: String
        var exitCode: Int32?
        var hint: String
        /// What follows `failed: <reason>; ` in the note.
        var phrase: String

        var testDescription: String { name }
    }

    static let failures: [FailureCase] = [
        FailureCase(
            name: "OOMKilled",
            pod: { pod(of: $0, phase: .failed, containers: [terminated(exit: 137, reason: "OOMKilled")]) },
            cause: "OOMKilled", exitCode: 137, hint: "raise the container's memory limit",
            phrase: "container backup OOMKilled (exit 137) on node n7: raise the container's memory limit"),
        FailureCase(
            name: "exit 137 without OOMKilled",
            pod: { pod(of: $0, phase: .failed, containers: [terminated(exit: 137, reason: "Error")]) },
            cause: "Error", exitCode: 137,
            hint: "killed by SIGKILL without OOMKilled, e.g. by a failed liveness probe, an eviction or a node shutdown",
            phrase: "container backup Error (exit 137) on node n7: killed by SIGKILL without OOMKilled, e.g. by a failed"
                + " liveness probe, an eviction or a node shutdown"),
        FailureCase(
            name: "a plain exit code",
            pod: { pod(of: $0, phase: .failed, containers: [terminated(exit: 3, reason: "Error")]) },
            cause: "Error", exitCode: 3,
            hint: "the program exited with code 3: read its logs (kubectl logs -n ops {job}-x7k2p -c backup)",
            phrase: "container backup Error (exit 3) on node n7: the program exited with code 3: read its logs"
                + " (kubectl logs -n ops {job}-x7k2p -c backup)"),
        FailureCase(
            name: "Evicted",
            pod: {
                pod(
                    of: $0, phase: .failed, reason: "Evicted", message: "The node was low on resource: memory.",
                    containers: [Container(name: "backup", state: .terminated(Termination(exitCode: 0, reason: "Completed")))])
            },
            cause: "Evicted", hint: "the node ran short of a resource (node pressure): set resource requests, or a higher priority",
            phrase: "Pod {job}-x7k2p Evicted on node n7: The node was low on resource: memory.: the node ran"
                + " short of a resource (node pressure): set resource requests, or a higher priority"),
        FailureCase(
            name: "DeadlineExceeded",
            jobReason: "DeadlineExceeded",
            pod: { pod(of: $0, phase: .failed, containers: [terminated(exit: 143, reason: "Error")]) },
            cause: "DeadlineExceeded", hint: "the run took longer than activeDeadlineSeconds: raise it, or find what made the run slow",
            phrase: "Pod {job}-x7k2p DeadlineExceeded on node n7: the run took longer than activeDeadlineSeconds:"
                + " raise it, or find what made the run slow"),
        FailureCase(
            name: "DeadlineExceeded while the image could not be pulled",
            jobReason: "DeadlineExceeded",
            pod: { pod(of: $0, phase: .pending, containers: [waiting("ImagePullBackOff", "Back-off pulling image \"nope:1\"")]) },
            cause: "ImagePullBackOff", hint: "check the image name and tag, and the image pull secret",
            phrase: "container backup ImagePullBackOff on node n7: Back-off pulling image \"nope:1\": check the image"
                + " name and tag, and the image pull secret"),
        FailureCase(
            name: "OOMKilled before a restart (restartPolicy OnFailure)",
            pod: {
                pod(
                    of: $0, phase: .running,
                    containers: [
                        Container(
                            name: "backup", state: .waiting(Waiting(reason: "CrashLoopBackOff")),
                            lastTermination: Termination(exitCode: 137, reason: "OOMKilled"), restartCount: 4)
                    ])
            },
            cause: "OOMKilled", exitCode: 137, hint: "raise the container's memory limit",
            phrase: "container backup OOMKilled (exit 137) on node n7: raise the container's memory limit"),
    ]

    @Test(arguments: failures)
    func aFailedRunIsExplainedByItsPods(_ failure: FailureCase) throws {
        var (world, job) = Self.failedRun(reason: failure.jobReason, pod: failure.pod)
        let plan = world.step(at: 62)
        let run = try #require(plan.status.runs?.first)
        #expect(run.result == .failed)
        #expect(run.reason == failure.jobReason, "the Job's reason stays the record's reason")
        #expect(run.cause == failure.cause)
        #expect(run.exitCode == failure.exitCode)
        #expect(run.hint == failure.hint.replacingOccurrences(of: "{job}", with: job.key.name))
        #expect(run.pod == "\(job.key.name)-x7k2p")
        let event = try #require(plan.events.first { $0.reason == .runFailed })
        let phrase = failure.phrase.replacingOccurrences(of: "{job}", with: job.key.name)
        #expect(event.note == "Job \(job.key.name) (slot 2026-11-23T01:00:00Z) failed: \(failure.jobReason); \(phrase)")
    }

    @Test func theNoteOfTheIssueReadsAsWritten() throws {
        var world = PlannerWorld()
        let job = PlannerWorld.run(slot: 60, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded"), name: "backup-29120")
        world.jobs = [job]
        world.pods = [job.uid: [Self.pod(of: job, phase: .failed, containers: [Self.terminated(exit: 137, reason: "OOMKilled")])]]
        let note = try #require(world.step(at: 62).events.first?.note)
        #expect(
            note
                == "Job backup-29120 (slot 2026-11-23T01:00:00Z) failed: BackoffLimitExceeded; container backup OOMKilled"
                + " (exit 137) on node n7: raise the container's memory limit")
    }

    @Test func withoutPodsTheNoteKeepsTheJobsMessage() throws {
        var world = PlannerWorld()
        world.jobs = [PlannerWorld.run(slot: 60, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded"))]
        world.pods = [:]
        let plan = world.step(at: 62)
        #expect(plan.events.first?.note.hasSuffix("failed: BackoffLimitExceeded: BackoffLimitExceeded happened") == true)
        #expect(plan.status.runs?.first?.cause == nil)
    }

    @Test func theExplanationOutlivesThePods() throws {
        var (world, _) = Self.failedRun { Self.pod(of: $0, phase: .failed, containers: [Self.terminated(exit: 137, reason: "OOMKilled")]) }
        world.step(at: 62)
        world.pods = [:]
        let later = world.step(at: 70)
        #expect(later.status.runs?.first?.cause == "OOMKilled", "the Pods are gone, the record still says why")
        #expect(later.status.runs?.first?.node == "n7")
        #expect(later.events == [])
    }

    @Test func theFailingPodOfSeveralTellsNewestFirst() throws {
        var world = PlannerWorld()
        let job = PlannerWorld.run(slot: 60, .failed(afterMinutes: 5, reason: "BackoffLimitExceeded"))
        world.jobs = [job]
        world.pods = [
            job.uid: [
                Self.pod(of: job, suffix: "bbbbb", secondsAfterJob: 90, node: "n2", phase: .failed,
                         containers: [Self.terminated(exit: 2, reason: "Error")]),
                Self.pod(of: job, suffix: "aaaaa", secondsAfterJob: 1, node: "n1", phase: .failed,
                         containers: [Self.terminated(exit: 137, reason: "OOMKilled")]),
            ]
        ]
        let run = try #require(world.step(at: 70).status.runs?.first)
        #expect(run.pod == "\(job.key.name)-bbbbb")
        #expect(run.exitCode == 2)
        #expect(run.node == "n2")
    }

    @Test func aSuccessfulRunRecordsWhereItRan() throws {
        var world = PlannerWorld()
        let job = PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1))
        world.jobs = [job]
        world.pods = [job.uid: [Self.pod(of: job, phase: .succeeded, containers: [Self.terminated(exit: 0, reason: "Completed")])]]
        let run = try #require(world.step(at: 62).status.runs?.first)
        #expect(run.result == .succeeded)
        #expect(run.pod == "\(job.key.name)-x7k2p")
        #expect(run.node == "n7")
        #expect(run.cause == nil)
        #expect(run.exitCode == nil)
    }

    // MARK: - Runs that never start

    struct PendingCase: Sendable, CustomTestStringConvertible {
        var name: String
        var pods: @Sendable (JobProjection) -> [PodProjection]
        var cause: String
        var phrase: String

        var testDescription: String { name }
    }

    static let pendings: [PendingCase] = [
        PendingCase(
            name: "ImagePullBackOff",
            pods: { [pod(of: $0, phase: .pending, containers: [waiting("ImagePullBackOff", "Back-off pulling image \"nope:1\"")])] },
            cause: "ImagePullBackOff",
            phrase: "container backup ImagePullBackOff on node n7: Back-off pulling image \"nope:1\": check the image name"
                + " and tag, and the image pull secret"),
        PendingCase(
            name: "ErrImagePull",
            pods: { [pod(of: $0, phase: .pending, containers: [waiting("ErrImagePull", "rpc error: not found")])] },
            cause: "ErrImagePull",
            phrase: "container backup ErrImagePull on node n7: rpc error: not found: check the image name and tag, and"
                + " the image pull secret"),
        PendingCase(
            name: "CreateContainerConfigError",
            pods: {
                [pod(of: $0, phase: .pending, containers: [waiting("CreateContainerConfigError", "configmap \"cfg\" not found")])]
            },
            cause: "CreateContainerConfigError",
            phrase: "container backup CreateContainerConfigError on node n7: configmap \"cfg\" not found: a ConfigMap or"
                + " Secret (or a key in it) that the container uses is missing"),
        PendingCase(
            name: "Unschedulable",
            pods: {
                [
                    pod(
                        of: $0, node: nil, phase: .pending,
                        unscheduled: Waiting(reason: "Unschedulable", message: "0/3 nodes are available: 3 Insufficient memory."))
                ]
            },
            cause: "Unschedulable",
            phrase: "Pod {job}-x7k2p Unschedulable: 0/3 nodes are available: 3 Insufficient memory.: no node can"
                + " take the Pod: check its resource requests, node selector, affinity and tolerations"),
        PendingCase(
            name: "no Pod at all",
            pods: { _ in [] },
            cause: "NoPodCreated",
            phrase: "NoPodCreated: the Job controller created no Pod: check the namespace's ResourceQuota and admission"
                + " webhooks (kubectl describe job -n ops {job})"),
        PendingCase(
            name: "a container still being created",
            pods: { [pod(of: $0, phase: .pending, containers: [waiting("ContainerCreating")])] },
            cause: "ContainerCreating",
            phrase: "Pod {job}-x7k2p ContainerCreating on node n7"),
    ]

    @Test(arguments: pendings)
    func aRunWhosePodsDoNotStartIsPendingThenAlertedOnce(_ pending: PendingCase) throws {
        var world = PlannerWorld()
        let job = PlannerWorld.run(slot: 60)
        world.jobs = [job]
        let pods = pending.pods(job)
        world.pods = pods.isEmpty ? [:] : [job.uid: pods]
        // Within the start grace (300 s): pending, no alert, a wake-up when the grace ends.
        let early = world.step(at: 62)
        let run = try #require(early.status.runs?.first)
        #expect(run.result == .pending)
        #expect(run.cause == nil, "within the grace the run is only on its way")
        #expect(early.events == [])
        #expect(early.requeueAfter != nil)
        #expect(early.status.activeRuns?.map(\.jobName) == [job.key.name], "a pending run is active")
        #expect(early.healthy != "False/RunNotStarted")
        // Past the grace: one RunNotStarted with the cause, and the monitor unhealthy.
        let late = world.step(at: 66)
        #expect(late.reasons == ["RunNotStarted"])
        let event = try #require(late.events.first)
        #expect(event.reason.isWarning)
        #expect(event.related == JobReference(name: job.key.name, uid: job.uid))
        let phrase = pending.phrase.replacingOccurrences(of: "{job}", with: job.key.name)
        #expect(
            event.note
                == "Job \(job.key.name) (slot 2026-11-23T01:00:00Z) has not started 359s after its creation"
                + " (startGraceSeconds 300): \(phrase)")
        #expect(late.status.runs?.first?.alerted == ["RunNotStarted"])
        #expect(late.status.runs?.first?.cause == pending.cause)
        #expect(late.status.totals?.notStarted == 1)
        #expect(late.healthy == "False/RunNotStarted")
        // Once, also for a later process that plans from the written status.
        #expect(world.step(at: 90).events == [])
        #expect(world.step(at: 90 + 60 * 24).reasons.filter { $0 == "RunNotStarted" } == [])
    }

    @Test func aPendingRunMovesOnToRunningWhenAPodStarts() throws {
        var world = PlannerWorld()
        let job = PlannerWorld.run(slot: 60)
        world.jobs = [job]
        world.pods = [job.uid: [Self.pod(of: job, phase: .pending, containers: [Self.waiting("ContainerCreating")])]]
        #expect(world.step(at: 61).status.runs?.first?.result == .pending)
        world.pods = [job.uid: [Self.pod(of: job, phase: .running, containers: [Container(name: "backup", state: .running)])]]
        let running = world.step(at: 62)
        let run = try #require(running.status.runs?.first)
        #expect(run.result == .running)
        #expect(run.cause == nil)
        #expect(run.message == nil)
        #expect(run.pod == "\(job.key.name)-x7k2p")
        #expect(running.events == [])
        #expect(world.step(at: 70).events == [], "a run that started is never RunNotStarted")
    }

    @Test func aPendingRunPastMaxDurationIsPendingNotStuck() throws {
        var world = PlannerWorld()
        world.spec.maxDurationSeconds = 120
        world.spec.onStuck = .terminate
        let job = PlannerWorld.run(slot: 60)
        world.jobs = [job]
        world.pods = [job.uid: [Self.pod(of: job, phase: .pending, containers: [Self.waiting("ImagePullBackOff")])]]
        let plan = world.step(at: 70)
        #expect(plan.reasons == ["RunNotStarted"])
        #expect(plan.status.runs?.first?.result == .pending)
        #expect(plan.jobsToEnd == [], "its job never ran: nothing to end")
        #expect(plan.status.totals?.stuck == nil)
    }

    @Test func aRunStuckOnceItStartsCountsFromItsStart() throws {
        var world = PlannerWorld()
        world.spec.maxDurationSeconds = 600
        let job = PlannerWorld.run(slot: 60)
        world.jobs = [job]
        world.pods = [job.uid: [Self.pod(of: job, phase: .running, containers: [Container(name: "backup", state: .running)])]]
        #expect(world.step(at: 65).reasons == [])
        #expect(world.step(at: 71).reasons == ["RunStuck"])
    }

    @Test func aJobThatCountsActivePodsOutOfSightIsNotPending() throws {
        var world = PlannerWorld()
        var job = PlannerWorld.run(slot: 60)
        job.reportsActivePods = true
        world.jobs = [job]
        world.pods = [:]
        let plan = world.step(at: 70)
        #expect(plan.status.runs?.first?.result == .running)
        #expect(plan.events == [])
    }

    @Test func withoutPodInsightNoRunIsPending() throws {
        var world = PlannerWorld()
        world.jobs = [PlannerWorld.run(slot: 60)]
        world.pods = nil
        let plan = world.step(at: 70)
        #expect(plan.status.runs?.first?.result == .running)
        #expect(plan.events == [])
    }

    @Test func aPendingRunThatFailsAtItsDeadlineIsAFailureWithItsCause() throws {
        var world = PlannerWorld()
        let job = PlannerWorld.run(slot: 60)
        world.jobs = [job]
        let stuckPod = Self.pod(
            of: job, phase: .pending, containers: [Self.waiting("ImagePullBackOff", "Back-off pulling image \"nope:1\"")])
        world.pods = [job.uid: [stuckPod]]
        #expect(world.step(at: 66).reasons == ["RunNotStarted"])
        world.change(job.key.name) {
            $0.outcome = JobOutcome(
                result: .failed, reason: "DeadlineExceeded", message: "Job was active longer than specified deadline",
                finishTime: PlannerWorld.at(70))
        }
        let failed = world.step(at: 71)
        #expect(failed.reasons == ["RunFailed"])
        let run = try #require(failed.status.runs?.first)
        #expect(run.result == .failed)
        #expect(run.cause == "ImagePullBackOff")
        #expect(run.alerted == ["RunNotStarted", "RunFailed"])
        #expect(failed.status.totals?.failed == 1)
    }

    @Test func aPendingJobDeletedIsTerminated() throws {
        var world = PlannerWorld()
        let job = PlannerWorld.run(slot: 60)
        world.jobs = [job]
        world.pods = [:]
        #expect(world.step(at: 61).status.runs?.first?.result == .pending)
        world.jobs = []
        world.pods = [:]
        #expect(world.step(at: 62).status.runs?.first?.result == .terminated)
    }

    @Test func whileSuspendedAPendingRunIsRecordedButNotEmitted() throws {
        var world = PlannerWorld()
        world.spec.suspend = true
        let job = PlannerWorld.run(slot: 60)
        world.jobs = [job]
        world.pods = [:]
        let plan = world.step(at: 70)
        #expect(plan.events == [])
        #expect(plan.status.runs?.first?.result == .pending)
    }

    @Test func theKubeletsAlternatingPullErrorsAreOneCause() throws {
        var world = PlannerWorld()
        let job = PlannerWorld.run(slot: 60)
        world.jobs = [job]
        world.pods = [job.uid: [Self.pod(of: job, phase: .pending, containers: [Self.waiting("ErrImagePull", "not found")])]]
        let alerted = world.step(at: 66)
        #expect(alerted.reasons == ["RunNotStarted"])
        #expect(alerted.status.runs?.first?.cause == "ErrImagePull")
        world.pods = [job.uid: [Self.pod(of: job, phase: .pending, containers: [Self.waiting("ImagePullBackOff", "Back-off")])]]
        let backOff = world.step(at: 67)
        #expect(backOff.status == alerted.status, "no status write for the kubelet's retry cycle")
        world.pods = [job.uid: [Self.pod(of: job, phase: .pending, containers: [Self.waiting("CreateContainerConfigError")])]]
        #expect(world.step(at: 68).status.runs?.first?.cause == "CreateContainerConfigError", "a new cause is recorded")
    }

    @Test func aPodCountedByItsJobBeforeItIsInSightKeepsTheRunPendingBriefly() throws {
        var world = PlannerWorld()
        var job = PlannerWorld.run(slot: 60)
        world.jobs = [job]
        world.pods = [:]
        #expect(world.step(at: 60.1).status.runs?.first?.result == .pending, "no Pod yet")
        job.reportsActivePods = true
        world.jobs = [job]
        let counted = world.step(at: 60.1)
        #expect(counted.status.runs?.first?.result == .pending, "the Pod the Job counts is on its way")
        #expect(counted.requeueAfter != nil)
        // Still not in sight 10 s after the Job started: out of sight, judged as running.
        let later = world.step(at: 60.5)
        #expect(later.status.runs?.first?.result == .running)
        #expect(later.events == [])
    }

    @Test func aPendingRunWhosePodsAreGoneWhenItFailsIsStillExplained() throws {
        var world = PlannerWorld()
        let job = PlannerWorld.run(slot: 60)
        world.jobs = [job]
        world.pods = [job.uid: [Self.pod(of: job, phase: .pending, containers: [Self.waiting("ImagePullBackOff")])]]
        #expect(world.step(at: 66).reasons == ["RunNotStarted"])
        // The Job controller deletes the Pod at the deadline (the Job still counts it), then
        // fails the Job.
        world.change(job.key.name) { $0.reportsActivePods = true }
        world.pods = [:]
        let podGone = world.step(at: 69)
        #expect(podGone.status.runs?.first?.result == .pending, "a run whose Pods never started stays pending")
        #expect(podGone.status.runs?.first?.cause == "ImagePullBackOff", "and keeps what its Pods said")
        world.change(job.key.name) {
            $0.outcome = JobOutcome(result: .failed, reason: "DeadlineExceeded", finishTime: PlannerWorld.at(70))
        }
        let failed = world.step(at: 71)
        let note = try #require(failed.events.first { $0.reason == .runFailed }?.note)
        #expect(note.hasSuffix(
            "failed: DeadlineExceeded; Pod \(job.key.name)-x7k2p ImagePullBackOff on node n7: check the image name and tag,"
                + " and the image pull secret"), "\(note)")
        #expect(failed.status.runs?.first?.cause == "ImagePullBackOff")
    }

    @Test func aFailureSeenBeforeItsPodsEndWaitsForThemToSayWhy() throws {
        var world = PlannerWorld()
        let job = PlannerWorld.run(slot: 60, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded"))
        world.jobs = [job]
        // The Job's failure arrives while the Pod cache still shows its Pod running.
        world.pods = [job.uid: [Self.pod(of: job, phase: .running, containers: [Container(name: "backup", state: .running)])]]
        let early = world.step(at: 61.1)
        #expect(early.events == [], "not judged yet")
        #expect(early.status.runs?.first?.result == .running)
        #expect(early.requeueAfter != nil)
        // The Pod's end arrives: judged, with its cause.
        world.pods = [job.uid: [Self.pod(of: job, phase: .failed, containers: [Self.terminated(exit: 137, reason: "OOMKilled")])]]
        let judged = world.step(at: 61.2)
        #expect(judged.reasons == ["RunFailed"])
        #expect(judged.events.first?.note.contains("container backup OOMKilled (exit 137)") == true)
    }

    @Test func aFailureWhosePodNeverEndsIsJudgedAfterTheLag() throws {
        var world = PlannerWorld()
        let job = PlannerWorld.run(slot: 60, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded"))
        world.jobs = [job]
        world.pods = [job.uid: [Self.pod(of: job, phase: .running, containers: [Container(name: "backup", state: .running)])]]
        #expect(world.step(at: 61.1).events == [])
        let late = world.step(at: 61.5)
        #expect(late.reasons == ["RunFailed"])
        #expect(late.status.runs?.first?.result == .failed)
    }
}
