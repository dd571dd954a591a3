import CronMonitorAPI
import Foundation
import KubernetesModel

/// The fleet's API objects as KubeSim stores them.
extension FleetFixture {
    /// A selector CronMonitor over the Jobs labelled with its name.
    func monitor(_ monitor: Int) throws -> JSONValue {
        let object = CronMonitor(
            metadata: ObjectMeta(name: monitorName(monitor), namespace: namespace(ofMonitor: monitor)),
            spec: CronMonitorSpec(
                jobSelector: LabelSelector(matchLabels: [Self.nameLabel: monitorName(monitor)]), schedule: Self.schedule))
        return try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(object))
    }

    /// A finished Job as the Job controller leaves it: labels, a one-container pod template, and
    /// a status with `startTime` and the terminal conditions (`SuccessCriteriaMet` + `Complete`
    /// with `completionTime`, or `FailureTarget` + `Failed` with the reason).
    func job(_ run: Run, monitor: Int) -> JSONValue {
        let labels = JSONValue.object(ownLabels(monitor: monitor))
        return [
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": [
                "name": .string(run.name),
                "namespace": .string(namespace(ofMonitor: monitor)),
                // With Pods, also the Job controller's name labels (the UID ones need the UID the
                // store assigns; the Pods carry them).
                "labels": withPods ? .object(ownLabels(monitor: monitor).merging(jobNameLabels(run)) { $1 }) : labels,
            ],
            "spec": [
                "parallelism": 1, "completions": 1, "backoffLimit": 2, "completionMode": "NonIndexed",
                "template": [
                    "metadata": ["labels": labels],
                    "spec": [
                        "containers": [
                            [
                                "name": "etl",
                                "image": "registry.example.com/data/etl:2.7.1",
                                "command": ["/bin/etl", "--since=2h"],
                                "resources": ["requests": ["cpu": "250m", "memory": "256Mi"]],
                            ]
                        ],
                        "restartPolicy": "Never",
                    ],
                ],
            ],
            "status": status(run),
        ]
    }

    private func status(_ run: Run) -> JSONValue {
        let started = Self.timestamp(run.start)
        let ended = Self.timestamp(run.finish)
        func condition(_ type: String, _ reason: String, _ message: String) -> JSONValue {
            [
                "type": .string(type), "status": "True", "reason": .string(reason), "message": .string(message),
                "lastProbeTime": .string(ended), "lastTransitionTime": .string(ended),
            ]
        }
        guard let failure = run.failure else {
            let message = "Reached expected number of succeeded pods"
            return [
                "startTime": .string(started), "completionTime": .string(ended),
                "active": 0, "ready": 0, "succeeded": 1, "terminating": 0,
                "conditions": [
                    condition("SuccessCriteriaMet", "CompletionsReached", message),
                    condition("Complete", "CompletionsReached", message),
                ],
            ]
        }
        let message = failure == "DeadlineExceeded"
            ? "Job was active longer than specified deadline" : "Job has reached the specified backoff limit"
        return [
            "startTime": .string(started),
            "active": 0, "ready": 0, "failed": 3, "terminating": 0,
            "conditions": [
                condition("FailureTarget", failure, message),
                condition("Failed", failure, message),
            ],
        ]
    }

    static func timestamp(_ second: Int64) -> String {
        Time(secondsSinceEpoch: second).rfc3339 ?? "1970-01-01T00:00:00Z"
    }
}
