import Foundation
import KubernetesModel
import Logging

/// The Pods of the Jobs the simulator runs.
extension JobSimulator {
    /// Carries out `action` on the run's Pod. The simulator is the only writer of the Pod's
    /// status, so status writes carry no resourceVersion precondition.
    func carryOut(_ action: PodAction, for job: JSONValue, namespace: String, now: Date) {
        let name = PodLifecycle.podName(jobName: job.metadataString("name") ?? "", uid: job.metadataString("uid") ?? "")
        switch action {
        case .none:
            return
        case .create(let stage):
            let pod = PodLifecycle.pod(for: job, node: stage.isScheduled ? configuration.nodeName : nil)
            do {
                _ = try store.create(.pods, namespace: namespace, object: pod)
            } catch where error.reason == "AlreadyExists" {
                // Created by an earlier pass whose Job status write was lost: write its status again.
            } catch {
                logger.debug("pod not created", metadata: ["k8s.pod.name": "\(name)", "error": "\(error)"])
                return
            }
            writeStatus(PodLifecycle.status(of: pod, stage: stage, started: now, now: now), pod: name, namespace: namespace)
        case .finish(let termination):
            guard let pod = try? store.get(.pods, namespace: namespace, name: name) else { return }
            let started = job["status"]?["startTime"]?.stringValue.flatMap(Timestamps.parse) ?? now
            writeStatus(PodLifecycle.status(of: pod, stage: .terminated(termination), started: started, now: now),
                        pod: name, namespace: namespace)
        case .delete:
            do {
                _ = try store.delete(.pods, namespace: namespace, name: name)
            } catch where error.reason == "NotFound" {
                // Gone already.
            } catch {
                logger.debug("pod not deleted", metadata: ["k8s.pod.name": "\(name)", "error": "\(error)"])
            }
        }
    }

    private func writeStatus(_ status: JSONValue, pod name: String, namespace: String) {
        do {
            var pod = try store.get(.pods, namespace: namespace, name: name)
            pod.set("status", status)
            pod.setMetadata("resourceVersion", nil)
            _ = try store.update(.pods, namespace: namespace, name: name, object: pod, subresource: .status)
        } catch {
            logger.debug("pod status write lost", metadata: ["k8s.pod.name": "\(name)", "error": "\(error)"])
        }
    }

    /// The Warning a Job controller records when the API refuses its Pod (here: an exhausted
    /// ResourceQuota); recorded once per Job.
    func recordFailedPodCreate(job: JSONValue, now: Date) {
        let name = PodLifecycle.podName(jobName: job.metadataString("name") ?? "", uid: job.metadataString("uid") ?? "")
        let message = "Error creating: pods \"\(name)\" is forbidden: exceeded quota: compute-resources, "
            + "requested: pods=1, used: pods=10, limited: pods=10"
        EventRecorder(store: store, component: configuration.component, logger: logger)
            .record(ControllerEvent(.warning, reason: "FailedCreate", message: message), about: job, now: now)
    }
}
