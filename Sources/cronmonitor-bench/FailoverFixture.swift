import CronMonitorAPI
import Foundation
import KubeSim
import KubernetesModel

/// What `failover` runs over: the CronMonitor CRD, one namespace holding the Lease, a CronJob
/// and the monitors of it the benchmark creates (no Job runs: the CronJob's slot is at 03:00 and
/// the child has no CronJob controller, so every status write is a reconcile of a new monitor).
enum FailoverFixture {
    static let namespace = "failover"
    static let leaseName = "cronmonitor-bench-failover"
    static let cronJobName = "nightly"

    /// The KubeSim child's side: CRD, namespace and CronJob, straight into the store.
    static func seed(_ store: ObjectStore) throws {
        _ = try FleetSeeder.installCRD(into: store)
        _ = try store.create(.namespaces, namespace: nil, object: ["metadata": ["name": .string(namespace)]])
        _ = try store.create(.cronJobs, namespace: namespace, object: cronJob)
    }

    static let cronJob: JSONValue = [
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": ["name": .string(cronJobName), "namespace": .string(namespace)],
        "spec": [
            "schedule": "0 3 * * *",
            "jobTemplate": [
                "spec": [
                    "template": [
                        "spec": [
                            "restartPolicy": "Never",
                            "containers": [["name": "etl", "image": "registry.example.com/data/etl:2.7.1"]],
                        ]
                    ]
                ]
            ],
        ],
    ]

    /// A monitor of the CronJob.
    static func monitor(_ name: String) -> CronMonitor {
        CronMonitor(
            metadata: ObjectMeta(name: name, namespace: namespace),
            spec: CronMonitorSpec(cronJobName: cronJobName, startGraceSeconds: 60))
    }
}
