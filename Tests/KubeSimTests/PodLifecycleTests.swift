import Foundation
import KubernetesModel
import Testing
@testable import KubeSim

/// The Pod of a simulated Job run, decided purely from the Job, its script and the time.
@Suite struct PodLifecycleTests {
    static let start = Date(timeIntervalSince1970: 1_750_000_000)
    static let uid = "0f6d3c4e-6b1a-4a53-9d7e-2a4f1c9e8b70"

    /// What a Pod status says, in one comparable line per aspect.
    struct Summary: Equatable, CustomStringConvertible {
        var phase: String
        var scheduled: String
        /// `running`, `waiting:<reason>`, `terminated:<reason>:<exit code>`, or `none` without container statuses.
        var container: String
        var podReason: String?

        init(phase: String, scheduled: String = "True", container: String, podReason: String? = nil) {
            self.phase = phase
            self.scheduled = scheduled
            self.container = container
            self.podReason = podReason
        }

        init(_ status: JSONValue) {
            phase = status.at("phase")?.stringValue ?? ""
            scheduled = (status.at("conditions")?.arrayValue ?? [])
                .first { $0.at("type") == .string("PodScheduled") }?.at("status")?.stringValue ?? ""
            podReason = status.at("reason")?.stringValue
            let state = status.at("containerStatuses.0.state")
            if let running = state?.at("running"), running.at("startedAt") != nil {
                container = "running"
            } else if let reason = state?.at("waiting.reason")?.stringValue {
                container = "waiting:\(reason)"
            } else if let terminated = state?.at("terminated") {
                container = "terminated:\(terminated.at("reason")?.stringValue ?? ""):\(terminated.at("exitCode")?.intValue ?? -1)"
            } else {
                container = "none"
            }
        }

        var description: String { "\(phase) scheduled=\(scheduled) \(container) \(podReason ?? "-")" }
    }

    static func job(annotations: [String: String] = [:], containers: String = #"[{"name":"worker","image":"registry.example.com/team/backup:2.1"}]"#,
                    name: String = "backup-29120") throws -> JSONValue {
        let annotationText = annotations.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
        return try json("""
            {"apiVersion":"batch/v1","kind":"Job",
             "metadata":{"name":"\(name)","namespace":"default","uid":"\(uid)","annotations":{\(annotationText)}},
             "spec":{"template":{"metadata":{"labels":{"app":"backup"}},"spec":{"containers":\(containers),"restartPolicy":"Never"}}}}
            """)
    }

    static func started(_ job: JSONValue) -> JSONValue {
        var started = job
        started.set("status", .object(["startTime": .string(Timestamps.rfc3339(start)), "active": .int(1)]))
        return started
    }

    /// The Pod status at the start of the run, or nil when no Pod is created.
    static func startStatus(_ job: JSONValue, script: JobScript) throws -> JSONValue? {
        let action = JobLifecycle.action(for: job, script: script, now: start)
        #expect(action == .start)
        guard case .create(let stage) = PodLifecycle.action(after: action, job: job, script: script) else { return nil }
        let pod = PodLifecycle.pod(for: job, node: stage.isScheduled ? "node-7" : nil)
        return PodLifecycle.status(of: pod, stage: stage, started: start, now: start)
    }

    @Test(arguments: [
        ("succeed", [:], Summary(phase: "Running", container: "running"), JobAction.complete,
         Summary(phase: "Succeeded", container: "terminated:Completed:0")),
        ("fail", [:], Summary(phase: "Running", container: "running"), .fail(reason: "BackoffLimitExceeded",
         message: "Job has reached the specified backoff limit"), Summary(phase: "Failed", container: "terminated:Error:1")),
        ("fail", [JobScript.exitCodeAnnotation: "42"], Summary(phase: "Running", container: "running"),
         .fail(reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit"),
         Summary(phase: "Failed", container: "terminated:Error:42")),
        ("oom-killed", [:], Summary(phase: "Running", container: "running"),
         .fail(reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit"),
         Summary(phase: "Failed", container: "terminated:OOMKilled:137")),
        ("evicted", [:], Summary(phase: "Running", container: "running"),
         .fail(reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit"),
         Summary(phase: "Failed", container: "terminated:Error:137", podReason: "Evicted")),
        ("hang", [:], Summary(phase: "Running", container: "running"), .none, nil),
        ("image-pull-backoff", [:], Summary(phase: "Pending", container: "waiting:ImagePullBackOff"), .none, nil),
        ("create-container-config-error", [:], Summary(phase: "Pending", container: "waiting:CreateContainerConfigError"), .none, nil),
        ("unschedulable", [:], Summary(phase: "Pending", scheduled: "False", container: "none"), .none, nil),
        ("no-pod", [:], nil, .none, nil),
    ] as [(String, [String: String], Summary?, JobAction, Summary?)])
    func eachOutcomeScriptsItsPod(outcome: String, annotations: [String: String], atStart: Summary?, atEnd: JobAction,
                                  finalPod: Summary?) throws {
        var all = annotations
        all[JobScript.outcomeAnnotation] = outcome
        all[JobScript.runSecondsAnnotation] = "30"
        let job = try Self.job(annotations: all)
        let script = try JobScript(job: job, defaultRunSeconds: 5)
        #expect(try Self.startStatus(job, script: script).map(Summary.init) == atStart)
        let running = Self.started(job)
        #expect(JobLifecycle.action(for: running, script: script, now: Self.start.addingTimeInterval(29)) == .none)
        let end = JobLifecycle.action(for: running, script: script, now: Self.start.addingTimeInterval(30))
        #expect(end == atEnd)
        let podAction = PodLifecycle.action(after: end, job: running, script: script)
        guard case .finish(let termination) = podAction else {
            #expect(podAction == .none)
            #expect(finalPod == nil)
            return
        }
        let pod = PodLifecycle.pod(for: running, node: "node-7")
        let status = PodLifecycle.status(of: pod, stage: .terminated(termination), started: Self.start,
                                         now: Self.start.addingTimeInterval(30))
        #expect(Summary(status) == finalPod)
        #expect(status.at("containerStatuses.0.state.terminated.startedAt") == .string(Timestamps.rfc3339(Self.start)))
        #expect(status.at("containerStatuses.0.state.terminated.finishedAt")
            == .string(Timestamps.rfc3339(Self.start.addingTimeInterval(30))))
        #expect(status.at("containerStatuses.0.state.terminated.containerID")?.stringValue?.hasPrefix("containerd://") == true)
        #expect(status.at("containerStatuses.0.ready") == .bool(false))
        #expect(status.at("containerStatuses.0.state")?.objectValue?.count == 1)
    }

    @Test(arguments: JobScript.Outcome.allCases)
    func theDeadlineDeletesAnActivePod(outcome: JobScript.Outcome) throws {
        let job = try Self.job(annotations: [JobScript.outcomeAnnotation: outcome.rawValue, JobScript.runSecondsAnnotation: "600"])
        var running = Self.started(job)
        running.set("spec", .object(["activeDeadlineSeconds": .int(60)]))
        let script = try JobScript(job: job, defaultRunSeconds: 5)
        let action = JobLifecycle.action(for: running, script: script, now: Self.start.addingTimeInterval(60))
        #expect(action == .fail(reason: "DeadlineExceeded", message: "Job was active longer than specified deadline"))
        #expect(PodLifecycle.action(after: action, job: running, script: script) == (outcome == .noPod ? .none : .delete))
        let status = try #require(JobLifecycle.status(after: action, current: running["status"], script: script, now: Self.start))
        #expect(status.at("active") == .int(0))
        #expect(status.at("failed") == (outcome == .noPod ? nil : .int(1)))
    }

    @Test(arguments: [
        (JobScript.Outcome.succeed, JSONValue.int(1), JSONValue.int(1)),
        (.hang, .int(1), .int(1)),
        (.imagePullBackOff, .int(1), .int(0)),
        (.createContainerConfigError, .int(1), .int(0)),
        (.unschedulable, .int(1), .int(0)),
        (.noPod, nil, .int(0)),
    ] as [(JobScript.Outcome, JSONValue?, JSONValue)])
    func pendingPodsAreActiveButNotReady(outcome: JobScript.Outcome, active: JSONValue?, ready: JSONValue) throws {
        let status = try #require(JobLifecycle.status(after: .start, current: nil, script: JobScript(runSeconds: 5, outcome: outcome),
                                                      now: Self.start))
        #expect(status.at("startTime") == .string(Timestamps.rfc3339(Self.start)))
        #expect(status.at("active") == active)
        #expect(status.at("ready") == ready)
    }

    @Test func podIsNamedLabelledAndOwnedLikeTheJobControllersPods() throws {
        let job = try Self.job()
        let pod = PodLifecycle.pod(for: job, node: "node-7")
        let name = try #require(pod.at("metadata.name")?.stringValue)
        #expect(name.hasPrefix("backup-29120-"))
        let suffix = name.dropFirst("backup-29120-".count)
        #expect(suffix.count == 5)
        #expect(suffix.allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
        #expect(PodLifecycle.pod(for: job, node: nil).at("metadata.name") == .string(name))
        #expect(pod.at("metadata.generateName") == .string("backup-29120-"))
        #expect(pod.at("metadata.labels") == [
            "app": "backup", "batch.kubernetes.io/controller-uid": .string(Self.uid), "controller-uid": .string(Self.uid),
            "batch.kubernetes.io/job-name": "backup-29120", "job-name": "backup-29120",
        ])
        #expect(pod.at("metadata.ownerReferences") == [[
            "apiVersion": "batch/v1", "kind": "Job", "name": "backup-29120", "uid": .string(Self.uid),
            "controller": true, "blockOwnerDeletion": true,
        ]])
        #expect(pod.at("spec.containers") == [["name": "worker", "image": "registry.example.com/team/backup:2.1"]])
        #expect(pod.at("spec.restartPolicy") == "Never")
        #expect(pod.at("spec.nodeName") == "node-7")
        #expect(PodLifecycle.pod(for: job, node: nil).at("spec.nodeName") == nil)
        let long = PodLifecycle.podName(jobName: String(repeating: "a", count: 63), uid: Self.uid)
        #expect(long.count == 63)
        #expect(PodLifecycle.podName(jobName: "x", uid: "other") != PodLifecycle.podName(jobName: "x", uid: Self.uid))
    }

    @Test func aTemplateWithoutContainersGetsOneBusybox() throws {
        let pod = PodLifecycle.pod(for: try Self.job(containers: "[]"), node: nil)
        #expect(pod.at("spec.containers") == [["name": "main", "image": "busybox:1.36"]])
    }

    @Test func runningPodIsReadyOnItsNode() throws {
        let job = try Self.job()
        let pod = PodLifecycle.pod(for: job, node: "node-7")
        let status = PodLifecycle.status(of: pod, stage: .running, started: Self.start, now: Self.start)
        let conditions = Dictionary(uniqueKeysWithValues: (status.at("conditions")?.arrayValue ?? []).map {
            ($0.at("type")?.stringValue ?? "", $0.at("status")?.stringValue ?? "")
        })
        #expect(conditions == ["PodReadyToStartContainers": "True", "Initialized": "True", "Ready": "True",
                               "ContainersReady": "True", "PodScheduled": "True"])
        #expect(status.at("startTime") == .string(Timestamps.rfc3339(Self.start)))
        #expect(status.at("hostIP") != nil && status.at("podIP") != nil)
        let container = try #require(status.at("containerStatuses.0"))
        #expect(container.at("name") == "worker")
        #expect(container.at("image") == "registry.example.com/team/backup:2.1")
        #expect(container.at("imageID")?.stringValue?.hasPrefix("registry.example.com/team/backup@sha256:") == true)
        #expect(container.at("ready") == .bool(true))
        #expect(container.at("started") == .bool(true))
        #expect(container.at("restartCount") == .int(0))
        #expect(container.at("state") == ["running": ["startedAt": .string(Timestamps.rfc3339(Self.start))]])
    }

    @Test(arguments: [
        ("image-pull-backoff", "ImagePullBackOff", #"Back-off pulling image "registry.example.com/team/backup:2.1""#),
        ("create-container-config-error", "CreateContainerConfigError", #"configmap "backup-29120-config" not found"#),
    ])
    func waitingPodIsScheduledButNeverStarts(outcome: String, reason: String, message: String) throws {
        let job = try Self.job(annotations: [JobScript.outcomeAnnotation: outcome])
        let status = try #require(try Self.startStatus(job, script: JobScript(job: job, defaultRunSeconds: 5)))
        #expect(status.at("containerStatuses.0.state") == ["waiting": ["reason": .string(reason), "message": .string(message)]])
        #expect(status.at("containerStatuses.0.ready") == .bool(false))
        #expect(status.at("containerStatuses.0.started") == .bool(false))
        #expect(status.at("containerStatuses.0.imageID") == "")
        let ready = (status.at("conditions")?.arrayValue ?? []).first { $0.at("type") == "Ready" }
        #expect(ready?.at("status") == "False")
        #expect(ready?.at("reason") == "ContainersNotReady")
        #expect(ready?.at("message") == "containers with unready status: [worker]")
    }

    @Test func unschedulablePodCarriesTheSchedulersMessageOnly() throws {
        let job = try Self.job(annotations: [JobScript.outcomeAnnotation: "unschedulable"])
        let status = try #require(try Self.startStatus(job, script: JobScript(job: job, defaultRunSeconds: 5)))
        #expect(status == [
            "phase": "Pending",
            "conditions": [[
                "type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                "message": .string("0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: "
                    + "1 No preemption victims found for incoming pod."),
                "lastProbeTime": .null, "lastTransitionTime": .string(Timestamps.rfc3339(Self.start)),
            ]],
            "qosClass": "BestEffort",
        ])
    }

    @Test func evictedPodSaysWhyAndIsADisruptionTarget() throws {
        let job = try Self.job(annotations: [JobScript.outcomeAnnotation: "evicted"])
        let termination = try #require(PodLifecycle.termination(script: try JobScript(job: job, defaultRunSeconds: 5), job: job))
        let status = PodLifecycle.status(of: PodLifecycle.pod(for: job, node: "node-7"), stage: .terminated(termination),
                                         started: Self.start, now: Self.start.addingTimeInterval(5))
        #expect(status.at("reason") == "Evicted")
        #expect(status.at("message")?.stringValue?.hasPrefix("The node was low on resource: memory. ") == true)
        #expect(status.at("message")?.stringValue?.contains("Container worker was using") == true)
        let disruption = (status.at("conditions")?.arrayValue ?? []).first { $0.at("type") == "DisruptionTarget" }
        #expect(disruption?.at("status") == "True")
        #expect(disruption?.at("reason") == "TerminationByKubelet")
    }

    @Test(arguments: [
        ("busybox:1.36", "docker.io/library/busybox@sha256:"),
        ("bitnami/kubectl:1.30", "docker.io/bitnami/kubectl@sha256:"),
        ("localhost:5000/tool", "localhost:5000/tool@sha256:"),
        ("ghcr.io/org/app@sha256:abc", "ghcr.io/org/app@sha256:"),
    ])
    func imageIDsNameTheRepositoryByDigest(image: String, prefix: String) {
        let id = PodLifecycle.imageID(image)
        #expect(id.hasPrefix(prefix))
        #expect(id.count == prefix.count + 64)
    }

    @Test(arguments: [
        (#"[{"name":"a"}]"#, "BestEffort"),
        (#"[{"name":"a","resources":{"requests":{"memory":"64Mi"}}}]"#, "Burstable"),
        (#"[{"name":"a","resources":{"limits":{"cpu":"1","memory":"1Gi"}}}]"#, "Guaranteed"),
        (#"[{"name":"a","resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"1","memory":"1Gi"}}}]"#, "Guaranteed"),
        (#"[{"name":"a","resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"500m"}}}]"#, "Burstable"),
        (#"[{"name":"a","resources":{"limits":{"cpu":"1","memory":"1Gi"}}},{"name":"b"}]"#, "Burstable"),
    ])
    func qosClassFollowsRequestsAndLimits(containers: String, expected: String) throws {
        #expect(PodQOSClass.of(try json(#"{"containers":\#(containers)}"#)) == expected)
    }

    @Test func aCreatedPodStartsPendingWhateverStatusItWasSent() throws {
        let store = try ObjectStore()
        let created = try store.create(.pods, namespace: "default", object: try json(
            #"{"metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"busybox"}]},"status":{"phase":"Running"}}"#))
        #expect(created.at("status") == ["phase": "Pending", "qosClass": "BestEffort"])
    }
}
