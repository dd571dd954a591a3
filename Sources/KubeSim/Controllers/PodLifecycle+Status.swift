import Foundation
import KubernetesModel

/// The Pod status the scheduler and the kubelet write.
extension PodLifecycle {
    static let hostIP = "10.0.0.2"

    /// The status of `pod` at `stage`; `started` is when its run started (the kubelet's
    /// `startTime` and the containers' `startedAt`), `now` when the stage began.
    static func status(of pod: JSONValue, stage: PodStage, started: Date, now: Date) -> JSONValue {
        let startedAt = JSONValue.string(Timestamps.rfc3339(started))
        let changedAt = JSONValue.string(Timestamps.rfc3339(now))
        if case .unschedulable(let message) = stage {
            return [
                "phase": "Pending",
                "conditions": [condition("PodScheduled", false, at: startedAt, reason: "Unschedulable", message: message)],
                "qosClass": .string(PodQOSClass.of(pod["spec"])),
            ]
        }
        return scheduledStatus(of: pod, stage: stage, startedAt: startedAt, changedAt: changedAt)
    }

    private static func scheduledStatus(of pod: JSONValue, stage: PodStage, startedAt: JSONValue, changedAt: JSONValue) -> JSONValue {
        let containers = pod["spec"]?["containers"]?.arrayValue ?? []
        let names = containers.compactMap { $0["name"]?.stringValue }
        let unready = "containers with unready status: [\(names.joined(separator: " "))]"
        let phase: String
        let readiness: [JSONValue]
        var extra: [JSONValue] = []
        var sandboxReady = true
        switch stage {
        case .running:
            phase = "Running"
            readiness = ["Ready", "ContainersReady"].map { condition($0, true, at: startedAt) }
        case .waiting, .unschedulable:
            phase = "Pending"
            readiness = ["Ready", "ContainersReady"].map {
                condition($0, false, at: startedAt, reason: "ContainersNotReady", message: unready)
            }
        case .terminated(let termination):
            phase = termination.succeeded ? "Succeeded" : "Failed"
            sandboxReady = false
            let reason = termination.succeeded ? "PodCompleted" : "PodFailed"
            readiness = ["Ready", "ContainersReady"].map { condition($0, false, at: changedAt, reason: reason) }
            if termination.podReason == "Evicted" {
                extra.append(condition("DisruptionTarget", true, at: changedAt, reason: "TerminationByKubelet",
                                       message: termination.podMessage))
            }
        }
        var status: [String: JSONValue] = [
            "phase": .string(phase),
            "conditions": .array(extra + [
                condition("PodReadyToStartContainers", sandboxReady, at: sandboxReady ? startedAt : changedAt),
                condition("Initialized", true, at: startedAt),
            ] + readiness + [condition("PodScheduled", true, at: startedAt)]),
            "hostIP": .string(hostIP), "hostIPs": [["ip": .string(hostIP)]],
            "startTime": startedAt, "qosClass": .string(PodQOSClass.of(pod["spec"])),
            "containerStatuses": .array(containers.map {
                containerStatus($0, pod: pod.metadataString("name") ?? "", stage: stage, startedAt: startedAt, changedAt: changedAt)
            }),
        ]
        let podIP = "10.244.0.\(2 + EventRecorder.fnv1a(pod.metadataString("name") ?? "") % 250)"
        status["podIP"] = .string(podIP)
        status["podIPs"] = [["ip": .string(podIP)]]
        if case .terminated(let termination) = stage {
            status["reason"] = termination.podReason.map(JSONValue.string)
            status["message"] = termination.podMessage.map(JSONValue.string)
        }
        return .object(status)
    }

    /// One container's status: `state` holds exactly one of waiting, running and terminated.
    private static func containerStatus(_ container: JSONValue, pod: String, stage: PodStage, startedAt: JSONValue,
                                        changedAt: JSONValue) -> JSONValue {
        let name = container["name"]?.stringValue ?? ""
        let image = container["image"]?.stringValue ?? ""
        let containerID = "containerd://" + (0..<4).map { EventRecorder.digest("\(pod)|\(name)|\($0)") }.joined()
        var status: [String: JSONValue] = [
            "name": .string(name), "image": .string(image), "imageID": .string(imageID(image)),
            "restartCount": 0, "lastState": .object([:]),
        ]
        let state: JSONValue
        switch stage {
        case .unschedulable:
            // Not reached: an unscheduled Pod has no container statuses.
            return .object(status)
        case .waiting(let wait):
            status["imageID"] = ""
            state = ["waiting": ["reason": .string(wait.reason), "message": .string(wait.message(image: image))]]
        case .running:
            status["containerID"] = .string(containerID)
            state = ["running": ["startedAt": startedAt]]
        case .terminated(let termination):
            status["containerID"] = .string(containerID)
            state = ["terminated": [
                "exitCode": .int(Int64(termination.exitCode)), "reason": .string(termination.reason),
                "startedAt": startedAt, "finishedAt": changedAt, "containerID": .string(containerID),
            ]]
        }
        let running = stage == .running
        status["ready"] = .bool(running)
        status["started"] = .bool(running)
        status["state"] = state
        return .object(status)
    }

    /// The digest reference a container runtime reports for `image`, e.g.
    /// `docker.io/library/busybox@sha256:…` for `busybox:1.36`.
    static func imageID(_ image: String) -> String {
        var repository = image
        if let at = repository.firstIndex(of: "@") { repository = String(repository[..<at]) }
        if let colon = repository.lastIndex(of: ":"), !repository[colon...].contains("/") {
            repository = String(repository[..<colon])
        }
        let parts = repository.split(separator: "/")
        if parts.count == 1 {
            repository = "docker.io/library/\(repository)"
        } else if let first = parts.first, !first.contains("."), !first.contains(":"), first != "localhost" {
            repository = "docker.io/\(repository)"
        }
        let digest = (0..<4).map { EventRecorder.digest("\(image)|\($0)") }.joined()
        return "\(repository)@sha256:\(digest)"
    }

    static func condition(_ type: String, _ value: Bool, at time: JSONValue, reason: String? = nil,
                          message: String? = nil) -> JSONValue {
        var condition: [String: JSONValue] = [
            "type": .string(type), "status": .string(value ? "True" : "False"), "lastProbeTime": .null,
            "lastTransitionTime": time,
        ]
        condition["reason"] = reason.map(JSONValue.string)
        condition["message"] = message.map(JSONValue.string)
        return .object(condition)
    }
}
