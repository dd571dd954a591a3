import CronMonitorAPI
import Foundation

/// What a run's Pods say about it: the Pod and container that tell, the cause, and a one-line
/// hint. A pure reading of the Job and its Pods; the planner writes it into the run record and
/// into the notes of `RunFailed` and `RunNotStarted`.
struct RunInsight: Sendable, Equatable {
    var pod: String?
    var node: String?
    var container: String?
    var exitCode: Int32?
    var cause: String?
    /// The kubelet's or the scheduler's message, when it says more than the cause.
    var detail: String?
    var hint: String?

    /// One line for an Event note, e.g. `container backup OOMKilled (exit 137) on node n7: raise
    /// the container's memory limit`.
    var phrase: String {
        var text: String
        if let container {
            text = "container \(container) \(cause ?? "ended")"
        } else if let pod, let cause {
            text = "Pod \(pod) \(cause)"
        } else {
            text = cause ?? ""
        }
        if let exitCode { text += " (exit \(exitCode))" }
        if let node { text += " on node \(node)" }
        return [text, detail, hint].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
    }

    func write(into record: inout RunRecord) {
        record.pod = pod
        record.node = node
        record.exitCode = exitCode
        record.cause = cause
        record.hint = hint
    }
}

extension RunInsight {
    /// What a run record says of its Pods, when it says anything.
    init?(recorded record: RunRecord) {
        guard let cause = record.cause else { return nil }
        self.init(pod: record.pod, node: record.node, exitCode: record.exitCode, cause: cause, hint: record.hint)
    }

    static let noPodCreated = "NoPodCreated"
    static let deadlineExceeded = "DeadlineExceeded"

    /// Waiting reasons of a container that is only on its way (not a cause by themselves).
    static let routineWaits: Set<String> = ["ContainerCreating", "PodInitializing", "Waiting"]

    /// Why a run whose Pods have not started is pending: a Pod's scheduling or waiting reason, or
    /// `NoPodCreated` when the Job has no Pod and its status counts none. Nil when no Pod is known
    /// for a Job that reports active Pods (they are out of sight, not missing).
    static func pending(job: JobProjection, pods: [PodProjection], namespace: String) -> RunInsight? {
        guard let pod = pods.max(by: newer) else {
            guard !job.reportsActivePods else { return nil }
            return RunInsight(
                cause: noPodCreated,
                hint: "the Job controller created no Pod: check the namespace's ResourceQuota and admission webhooks"
                    + " (kubectl describe job -n \(namespace) \(job.key.name))")
        }
        return blocked(pod) ?? RunInsight(pod: pod.key.name, node: pod.node, cause: routineCause(of: pod))
    }

    /// What explains a failed run: a container that failed (OOMKilled first), an eviction, a
    /// container that never started; for a Job that ran out of time, its deadline unless a Pod
    /// never started.
    static func failure(job: JobProjection, outcome: JobOutcome, pods: [PodProjection], namespace: String) -> RunInsight? {
        let newestFirst = pods.sorted { newer($1, $0) }
        let blockedInsight = newestFirst.lazy.compactMap(blocked).first
        if outcome.reason == deadlineExceeded || newestFirst.first?.reason == deadlineExceeded {
            return blockedInsight
                ?? RunInsight(
                    pod: newestFirst.first?.key.name, node: newestFirst.first?.node, cause: deadlineExceeded,
                    hint: "the run took longer than activeDeadlineSeconds: raise it, or find what made the run slow")
        }
        if let insight = crashed(among: newestFirst, namespace: namespace) { return insight }
        if let evicted = newestFirst.first(where: { $0.reason == "Evicted" }) {
            return RunInsight(
                pod: evicted.key.name, node: evicted.node, cause: "Evicted", detail: evicted.message,
                hint: hint(for: "Evicted", exitCode: nil, container: nil, pod: evicted.key.name, namespace: namespace))
        }
        if let blockedInsight { return blockedInsight }
        guard let pod = newestFirst.first(where: { $0.phase == .failed }) else { return nil }
        return pod.reason.map {
            RunInsight(pod: pod.key.name, node: pod.node, cause: $0, detail: pod.message)
        }
    }

    /// Where a running run runs, and the failure that restarted a container, if any.
    static func running(pods: [PodProjection], namespace: String) -> RunInsight? {
        let started = pods.filter(\.hasStarted).sorted { newer($1, $0) }
        guard let pod = started.first else { return nil }
        if let insight = crashed(among: started, namespace: namespace) { return insight }
        return RunInsight(pod: pod.key.name, node: pod.node)
    }

    /// The first container, newest Pod first, that ended with a non-zero exit code or was
    /// OOM-killed (now, or before its latest restart).
    private static func crashed(among pods: [PodProjection], namespace: String) -> RunInsight? {
        var best: (pod: PodProjection, container: PodProjection.Container, end: PodProjection.Termination)?
        for pod in pods {
            for container in pod.containers {
                var ends: [PodProjection.Termination] = []
                if case .terminated(let end) = container.state { ends.append(end) }
                if let last = container.lastTermination { ends.append(last) }
                for end in ends where end.reason == "OOMKilled" || (end.exitCode ?? 0) != 0 {
                    let isOOM = end.reason == "OOMKilled"
                    if best == nil || (isOOM && best?.end.reason != "OOMKilled") { best = (pod, container, end) }
                }
            }
            if best != nil { break }
        }
        guard let best else { return nil }
        let cause = best.end.reason ?? "Error"
        return RunInsight(
            pod: best.pod.key.name, node: best.pod.node, container: best.container.name, exitCode: best.end.exitCode,
            cause: cause,
            hint: hint(
                for: cause, exitCode: best.end.exitCode, container: best.container.name, pod: best.pod.key.name,
                namespace: namespace))
    }

    /// A Pod held back before its containers run: unschedulable, or a container waiting for a
    /// reason that will not pass by itself (an image that cannot be pulled, a missing ConfigMap).
    private static func blocked(_ pod: PodProjection) -> RunInsight? {
        if let unscheduled = pod.unscheduled {
            return RunInsight(
                pod: pod.key.name, cause: unscheduled.reason, detail: unscheduled.message,
                hint: hint(for: unscheduled.reason, exitCode: nil, container: nil, pod: pod.key.name, namespace: ""))
        }
        for container in pod.containers {
            guard case .waiting(let waiting?) = container.state, !routineWaits.contains(waiting.reason),
                !container.hasStarted
            else { continue }
            return RunInsight(
                pod: pod.key.name, node: pod.node, container: container.name, cause: waiting.reason,
                detail: waiting.message,
                hint: hint(for: waiting.reason, exitCode: nil, container: container.name, pod: pod.key.name, namespace: ""))
        }
        return nil
    }

    /// The routine reason a Pod has not started yet (`ContainerCreating`, `PodInitializing`), or
    /// `Pending`.
    private static func routineCause(of pod: PodProjection) -> String {
        for container in pod.containers {
            if case .waiting(let waiting?) = container.state { return waiting.reason }
        }
        return "Pending"
    }

    /// The later-created Pod (then by name), so that the choice does not depend on cache order.
    static func newer(_ lhs: PodProjection, _ rhs: PodProjection) -> Bool {
        (lhs.created, lhs.key.name) < (rhs.created, rhs.key.name)
    }

    /// The one-line suggestion for a cause.
    static func hint(for cause: String, exitCode: Int32?, container: String?, pod: String, namespace: String) -> String? {
        switch cause {
        case "OOMKilled":
            return "raise the container's memory limit"
        case "Evicted":
            return "the node ran short of a resource (node pressure): set resource requests, or a higher priority"
        case "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull":
            return "check the image name and tag, and the image pull secret"
        case "CreateContainerConfigError":
            return "a ConfigMap or Secret (or a key in it) that the container uses is missing"
        case "CreateContainerError", "RunContainerError", "ContainerCannotRun", "StartError":
            return "the runtime could not start the container: check its command, volume mounts and security context"
        case "Unschedulable":
            return "no node can take the Pod: check its resource requests, node selector, affinity and tolerations"
        case "CrashLoopBackOff":
            return "the container keeps crashing: read its logs"
        default:
            break
        }
        switch exitCode {
        case 137:
            return "killed by SIGKILL without OOMKilled, e.g. by a failed liveness probe, an eviction or a node shutdown"
        case 143:
            return "stopped by SIGTERM, e.g. the Pod was deleted or the Job's deadline was reached"
        case .some(let code) where code != 0:
            guard let container else { return nil }
            let scope = namespace.isEmpty ? "" : "-n \(namespace) "
            return "the program exited with code \(code): read its logs (kubectl logs \(scope)\(pod) -c \(container))"
        default:
            return nil
        }
    }
}
