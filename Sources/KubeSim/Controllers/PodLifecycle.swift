import Foundation
import KubernetesModel

/// The stage of a Job run's Pod, as the scheduler and the kubelet report it.
enum PodStage: Sendable, Equatable {
    /// No node fits: `PodScheduled` is False with reason `Unschedulable` and the scheduler's message.
    case unschedulable(message: String)
    /// Bound to a node, but its containers cannot start.
    case waiting(ContainerWait)
    /// Its containers run.
    case running
    /// Its containers have ended.
    case terminated(PodTermination)

    /// The scheduler bound the Pod to a node.
    var isScheduled: Bool {
        switch self {
        case .unschedulable: false
        case .waiting, .running, .terminated: true
        }
    }
}

/// Why a scheduled Pod's containers never start.
enum ContainerWait: Sendable, Equatable {
    case imagePullBackOff
    /// The container refers to a ConfigMap that does not exist.
    case missingConfigMap(String)

    var reason: String {
        switch self {
        case .imagePullBackOff: "ImagePullBackOff"
        case .missingConfigMap: "CreateContainerConfigError"
        }
    }

    /// The kubelet's message for a container running `image`.
    func message(image: String) -> String {
        switch self {
        case .imagePullBackOff: "Back-off pulling image \"\(image)\""
        case .missingConfigMap(let name): "configmap \"\(name)\" not found"
        }
    }
}

/// How a run's containers ended.
struct PodTermination: Sendable, Equatable {
    var exitCode: Int
    /// The container state's reason: `Completed`, `Error` or `OOMKilled`.
    var reason: String
    /// The Pod's `status.reason` and `status.message` (set by an eviction), nil otherwise.
    var podReason: String?
    var podMessage: String?

    var succeeded: Bool { exitCode == 0 }
}

/// What the simulated Job controller, scheduler and kubelet do to a run's Pod at one instant.
enum PodAction: Sendable, Equatable {
    case none
    /// Create the Pod, then write its status at `stage`.
    case create(PodStage)
    /// Write its final status: the run's containers ended.
    case finish(PodTermination)
    /// Delete it: the Job's deadline passed while it was active.
    case delete
}

/// The Pod of a simulated Job run as pure functions of the Job, its script and the time.
enum PodLifecycle {
    static let unschedulableMessage = "0/1 nodes are available: 1 Insufficient memory. "
        + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
    static let defaultContainer: JSONValue = ["name": "main", "image": "busybox:1.36"]

    /// What happens to the run's Pod when the Job controller takes `jobAction`; the Pod's final
    /// state is written before the Job's status, as on a real cluster.
    static func action(after jobAction: JobAction, job: JSONValue, script: JobScript) -> PodAction {
        guard script.outcome.createsPod else { return .none }
        switch jobAction {
        case .none:
            return .none
        case .start:
            return startStage(job: job, script: script).map(PodAction.create) ?? .none
        case .complete:
            return termination(script: script, job: job).map(PodAction.finish) ?? .none
        case .fail(let reason, _):
            if reason == JobLifecycle.deadlineExceeded { return .delete }
            return termination(script: script, job: job).map(PodAction.finish) ?? .none
        }
    }

    /// The Pod's stage once the run starts; nil when no Pod is created.
    static func startStage(job: JSONValue, script: JobScript) -> PodStage? {
        switch script.outcome {
        case .succeed, .fail, .hang, .oomKilled, .evicted: .running
        case .imagePullBackOff: .waiting(.imagePullBackOff)
        case .createContainerConfigError: .waiting(.missingConfigMap("\(job.metadataString("name") ?? "")-config"))
        case .unschedulable: .unschedulable(message: unschedulableMessage)
        case .noPod: nil
        }
    }

    /// How the run's containers end after the run time; nil when they never end by themselves.
    static func termination(script: JobScript, job: JSONValue) -> PodTermination? {
        switch script.outcome {
        case .succeed:
            return PodTermination(exitCode: 0, reason: "Completed")
        case .fail:
            return PodTermination(exitCode: script.exitCode, reason: "Error")
        case .oomKilled:
            return PodTermination(exitCode: 137, reason: "OOMKilled")
        case .evicted:
            let container = containers(of: job).first?["name"]?.stringValue ?? "main"
            return PodTermination(
                exitCode: 137, reason: "Error", podReason: "Evicted",
                podMessage: "The node was low on resource: memory. Threshold quantity: 100Mi, available: 42Mi. "
                    + "Container \(container) was using 1536Mi, request is 0, has larger consumption of memory. ")
        case .hang, .imagePullBackOff, .createContainerConfigError, .unschedulable, .noPod:
            return nil
        }
    }

    /// The run's Pod as the Job controller creates it (no status; `nodeName` once scheduled).
    static func pod(for job: JSONValue, node: String?) -> JSONValue {
        let metadata = job["metadata"] ?? .object([:])
        let jobName = metadata["name"]?.stringValue ?? ""
        let uid = metadata["uid"]?.stringValue ?? ""
        let template = job["spec"]?["template"]
        var labels = template?["metadata"]?["labels"]?.objectValue ?? [:]
        for key in ["batch.kubernetes.io/controller-uid", "controller-uid"] { labels[key] = .string(uid) }
        for key in ["batch.kubernetes.io/job-name", "job-name"] { labels[key] = .string(jobName) }
        var podMetadata: [String: JSONValue] = [
            "name": .string(podName(jobName: jobName, uid: uid)), "generateName": .string(generateName(jobName)),
            "labels": .object(labels),
            "ownerReferences": [[
                "apiVersion": "batch/v1", "kind": "Job", "name": .string(jobName), "uid": .string(uid),
                "controller": true, "blockOwnerDeletion": true,
            ]],
        ]
        if let annotations = template?["metadata"]?["annotations"] { podMetadata["annotations"] = annotations }
        var spec = template?["spec"] ?? .object([:])
        spec.set("containers", .array(containers(of: job)))
        if spec["restartPolicy"] == nil { spec.set("restartPolicy", "Never") }
        if spec["schedulerName"] == nil { spec.set("schedulerName", "default-scheduler") }
        spec.set("nodeName", node.map(JSONValue.string))
        return ["apiVersion": "v1", "kind": "Pod", "metadata": .object(podMetadata), "spec": spec]
    }

    /// The template's containers, each with a name and an image; one `main` container running
    /// `busybox:1.36` when the template has none.
    static func containers(of job: JSONValue) -> [JSONValue] {
        let declared = job["spec"]?["template"]?["spec"]?["containers"]?.arrayValue ?? []
        guard !declared.isEmpty else { return [defaultContainer] }
        return declared.map { container in
            var container = container
            for key in ["name", "image"] where container[key]?.stringValue?.isEmpty ?? true {
                container.set(key, defaultContainer[key])
            }
            return container
        }
    }

    /// `<job-name>-<5 characters>` like the API server's generated names, the suffix derived
    /// from the Job's UID so that every pass names the run's Pod alike.
    static func podName(jobName: String, uid: String) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var hash = EventRecorder.fnv1a(uid)
        var suffix = ""
        for _ in 0..<5 {
            suffix.append(alphabet[Int(hash % UInt64(alphabet.count))])
            hash /= UInt64(alphabet.count)
        }
        return generateName(jobName) + suffix
    }

    /// The Job controller's `generateName`: the Job's name and a dash, cut to leave room for
    /// the 5-character suffix within 63 characters.
    static func generateName(_ jobName: String) -> String {
        String("\(jobName)-".prefix(58))
    }
}
