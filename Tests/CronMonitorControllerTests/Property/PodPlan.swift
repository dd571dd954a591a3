import CronMonitorController
import Foundation
import KubernetesRuntime

/// How the Pods of one generated Job behave: whether and when the first Pod starts, what holds
/// it back until then, and how its container ends. `pods(of:now:)` gives the Pods a watch cache
/// would hold at `now`, so a case's Pods follow its Jobs (a Pending run that starts, one that never
/// does, one that ends while pending).
struct PodPlan: Sendable, Equatable {
    /// What keeps the Pod from starting: a waiting reason, `Unschedulable`, or `nil` for no Pod at
    /// all until it starts (a Job whose Pods are not created, or created late).
    var blocker: String?
    /// Seconds after the Job's creation when a Pod starts; nil: never.
    var startsAfter: Int?
    /// The container's end when the Job failed: `OOMKilled` (137) or `Error` (1).
    var failure: String = "Error"

    static let blockers: [String?] = [nil, "ContainerCreating", "ImagePullBackOff", "Unschedulable", "CreateContainerConfigError"]

    static func random(_ random: inout SplitMix64) -> PodPlan {
        let blocker = random.pick(blockers)
        let soon = random.int(1...120)
        let late = random.int(300...3_600)
        let startsAfter: Int? = random.weighted([(55, 0), (20, soon), (10, late), (15, nil)])
        return PodPlan(blocker: blocker, startsAfter: startsAfter, failure: random.chance(0.5) ? "OOMKilled" : "Error")
    }

    func pods(of job: JobProjection, now: Date) -> [PodProjection] {
        let started = startsAfter.map { now >= job.created.addingTimeInterval(TimeInterval($0)) } ?? false
        let key = ObjectKey(namespace: job.key.namespace, name: job.key.name + "-pod")
        func pod(_ phase: PodProjection.Phase, _ containers: [PodProjection.Container], unscheduled: Bool = false)
            -> PodProjection
        {
            PodProjection(
                key: key, jobUID: job.uid, jobName: job.key.name, created: job.created, node: unscheduled ? nil : "n1",
                phase: phase,
                unscheduled: unscheduled ? PodProjection.Waiting(reason: "Unschedulable", message: "0/1 nodes are available") : nil,
                containers: containers)
        }
        if started {
            switch job.outcome?.result {
            case .succeeded?:
                return [pod(.succeeded, [.init(name: "main", state: .terminated(.init(exitCode: 0, reason: "Completed")))])]
            case .failed?:
                let exit: Int32 = failure == "OOMKilled" ? 137 : 1
                return [pod(.failed, [.init(name: "main", state: .terminated(.init(exitCode: exit, reason: failure)))])]
            case nil:
                return [pod(.running, [.init(name: "main", state: .running)])]
            }
        }
        switch blocker {
        case nil: return []
        case "Unschedulable"?: return [pod(.pending, [], unscheduled: true)]
        case let reason?: return [pod(.pending, [.init(name: "main", state: .waiting(.init(reason: reason)))])]
        }
    }
}
