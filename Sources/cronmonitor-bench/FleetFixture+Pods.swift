import KubernetesModel

/// `fleet --with-pods`: the finished Pod of each Job, as the Job controller and the kubelet leave
/// it (one Pod per Job: a failed Job's last attempt).
extension FleetFixture {
    /// The labels every Job of `monitor` carries: its monitor's selector picks them.
    func ownLabels(monitor: Int) -> [String: JSONValue] {
        [Self.nameLabel: .string(monitorName(monitor)), Self.fleetLabel: "fleet"]
    }

    /// The Job controller's labels naming the Job.
    func jobNameLabels(_ run: Run) -> [String: JSONValue] {
        ["batch.kubernetes.io/job-name": .string(run.name), "job-name": .string(run.name)]
    }

    /// The Pod of `run`'s Job (UID `jobUID`): `Succeeded` with exit code 0, or `Failed` with
    /// exit code 1 (`Error`) when the Job failed.
    func pod(_ run: Run, monitor: Int, jobUID: String) -> JSONValue {
        let failed = run.failure != nil
        let uidLabels: [String: JSONValue] = [
            "batch.kubernetes.io/controller-uid": .string(jobUID), "controller-uid": .string(jobUID),
        ]
        let labels = ownLabels(monitor: monitor).merging(jobNameLabels(run)) { $1 }.merging(uidLabels) { $1 }
        let terminated: JSONValue = [
            "exitCode": failed ? 1 : 0, "reason": failed ? "Error" : "Completed",
            "startedAt": .string(Self.timestamp(run.start + 1)), "finishedAt": .string(Self.timestamp(run.finish)),
        ]
        return [
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": [
                "name": .string("\(run.name)-x7k2p"),
                "namespace": .string(namespace(ofMonitor: monitor)),
                "labels": .object(labels),
                "ownerReferences": [
                    [
                        "apiVersion": "batch/v1", "kind": "Job", "name": .string(run.name), "uid": .string(jobUID),
                        "controller": true, "blockOwnerDeletion": true,
                    ]
                ],
            ],
            "spec": [
                "containers": [
                    ["name": "etl", "image": "registry.example.com/data/etl:2.7.1", "command": ["/bin/etl", "--since=2h"]]
                ],
                "restartPolicy": "Never",
                "nodeName": .string("node-\(monitor % 20)"),
            ],
            "status": [
                "phase": failed ? "Failed" : "Succeeded",
                "startTime": .string(Self.timestamp(run.start)),
                "containerStatuses": [
                    [
                        "name": "etl", "state": ["terminated": terminated], "lastState": [:], "ready": false,
                        "restartCount": 0, "image": "registry.example.com/data/etl:2.7.1", "imageID": "", "started": false,
                    ]
                ],
            ],
        ]
    }
}
