import CronMonitorAPI
import Foundation
import KubernetesModel

/// The cluster of `latency` and `startup`, a pure function of the options: C CronJob-based
/// monitors, one per CronJob, over N Jobs the CronJobs own (by controller owner reference),
/// dealt evenly over the monitors. Every monitor's Jobs but the newest are a finished history:
/// one run every two hours over the past days, 30 s to 25 min long, about one in ten failed, the
/// last one succeeded. The newest Job is still running with `running` (`latency` finishes it),
/// else finished like the others (`startup`).
///
/// As in `fleet`, the schedule is yearly (`0 0 1 1 *`), Jobs are named `<cronjob>-run-<n>` (no
/// recorded slot) and created outside the slot's grace window: no slot is judged, so every status
/// write and Event comes from the Jobs. Monitors are created 30 minutes before `anchor`, after
/// the history, so the first sync records it without alerting; the running Jobs started
/// 15 minutes before `anchor`.
struct CronJobFleet: Sendable {
    var monitors: Int
    var jobs: Int
    var namespaces: Int
    var running: Bool
    /// Epoch second everything lies before.
    var anchor: Int64

    static let schedule = "0 0 1 1 *"

    var monitorsCreated: Int64 { anchor - 1_800 }
    var cronJobsCreated: Int64 { anchor - 60 * 86_400 }

    func namespace(ofMonitor monitor: Int) -> String { "reports-\(FleetFixture.padded(monitor % namespaces, 5))" }
    func cronJobName(_ monitor: Int) -> String { "report-\(FleetFixture.padded(monitor, 5))" }
    func monitorName(_ monitor: Int) -> String { cronJobName(monitor) }
    func key(ofMonitor monitor: Int) -> String { "\(namespace(ofMonitor: monitor))/\(monitorName(monitor))" }

    /// Jobs of `monitor`, its running one included.
    func jobCount(of monitor: Int) -> Int { jobs / monitors + (monitor < jobs % monitors ? 1 : 0) }

    func jobName(monitor: Int, index: Int) -> String { "\(cronJobName(monitor))-run-\(FleetFixture.padded(index, 4))" }

    /// The running Job's index (`running` only).
    func runningIndex(of monitor: Int) -> Int { jobCount(of: monitor) - 1 }

    /// Whether the running Job of `monitor` fails when `latency` finishes it: one in ten.
    static func failsAtFinish(_ monitor: Int) -> Bool { monitor % 10 == 3 }

    /// A finished Job of the history (every index when not `running`, else all but the last).
    func historyRun(monitor: Int, index: Int) -> FleetFixture.Run {
        let count = Int64(jobCount(of: monitor))
        let offset = Int64((monitor &* 37) % 1_800)
        let created = FleetFixture.outsideGrace(anchor - 3_600 - (count - Int64(index)) * FleetFixture.period + offset)
        let start = created + 1 + Int64(index % 4)
        let duration = 30 + Int64(FleetFixture.mix(monitor, index) % 1_470)
        let last = index == jobCount(of: monitor) - (running ? 2 : 1)
        let failure = !last && FleetFixture.mix(monitor, index) % 10 == 0 ? "BackoffLimitExceeded" : nil
        return FleetFixture.Run(
            name: jobName(monitor: monitor, index: index), created: created, start: start, finish: start + duration,
            failure: failure)
    }

    /// When the running Job of `monitor` was created and started.
    func runningStart(of monitor: Int) -> Int64 { FleetFixture.outsideGrace(anchor - 900 + Int64(monitor % 300)) }

    // MARK: Objects

    func cronJob(_ monitor: Int) -> JSONValue {
        [
            "apiVersion": "batch/v1",
            "kind": "CronJob",
            "metadata": ["name": .string(cronJobName(monitor)), "namespace": .string(namespace(ofMonitor: monitor))],
            "spec": [
                "schedule": .string(Self.schedule),
                "jobTemplate": ["spec": ["template": ["spec": Self.podSpec]]],
            ],
        ]
    }

    func monitor(_ monitor: Int) throws -> JSONValue {
        let object = CronMonitor(
            metadata: ObjectMeta(name: monitorName(monitor), namespace: namespace(ofMonitor: monitor)),
            spec: CronMonitorSpec(cronJobName: cronJobName(monitor)))
        return try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(object))
    }

    /// A Job as the CronJob controller creates it: no labels of its own, the owner reference to
    /// its CronJob (`cronJobUID`), a one-container pod template labelled with the CronJob's name,
    /// and `status` (finished, or running with one active pod). KubeSim, as the API server,
    /// adds the labels of the Job's name and UID to the template and gives the Job the
    /// template's labels.
    func job(monitor: Int, index: Int, cronJobUID: String, status: JSONValue) -> JSONValue {
        let name = jobName(monitor: monitor, index: index)
        let labels: JSONValue = ["app.kubernetes.io/name": .string(cronJobName(monitor))]
        return [
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": [
                "name": .string(name),
                "namespace": .string(namespace(ofMonitor: monitor)),
                "ownerReferences": [
                    [
                        "apiVersion": "batch/v1", "kind": "CronJob", "name": .string(cronJobName(monitor)),
                        "uid": .string(cronJobUID), "controller": true, "blockOwnerDeletion": true,
                    ]
                ],
            ],
            "spec": [
                "parallelism": 1, "completions": 1, "backoffLimit": 2, "completionMode": "NonIndexed",
                "template": ["metadata": ["labels": labels], "spec": Self.podSpec],
            ],
            "status": status,
        ]
    }

    static let podSpec: JSONValue = [
        "containers": [
            [
                "name": "report",
                "image": "registry.example.com/reports/nightly:1.42.0",
                "command": ["/bin/report", "--since=24h"],
                "resources": ["requests": ["cpu": "100m", "memory": "128Mi"]],
            ]
        ],
        "restartPolicy": "Never",
    ]

    /// A running Job's status: started, one active pod.
    static func runningStatus(start: Int64) -> JSONValue {
        ["startTime": .string(FleetFixture.timestamp(start)), "active": 1, "ready": 1, "terminating": 0]
    }

    /// A finished Job's status as the Job controller writes it: `SuccessCriteriaMet` + `Complete`
    /// with `completionTime`, or `FailureTarget` + `Failed` with the reason.
    static func finishedStatus(start: Int64, finish: Int64, failure: String?) -> JSONValue {
        let started = FleetFixture.timestamp(start)
        let ended = FleetFixture.timestamp(finish)
        func condition(_ type: String, _ reason: String, _ message: String) -> JSONValue {
            [
                "type": .string(type), "status": "True", "reason": .string(reason), "message": .string(message),
                "lastProbeTime": .string(ended), "lastTransitionTime": .string(ended),
            ]
        }
        guard let failure else {
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
        let message = "Job has reached the specified backoff limit"
        return [
            "startTime": .string(started), "active": 0, "ready": 0, "failed": 3, "terminating": 0,
            "conditions": [condition("FailureTarget", failure, message), condition("Failed", failure, message)],
        ]
    }
}

extension CronJobFleet {
    /// `latency` (and its child): every monitor in its own namespace, so an Event POST's path
    /// names the monitor it is about; its newest Job running. `startup`: `--namespaces`, all finished.
    init(options: BenchOptions) {
        let running = options.scenario == .latency || options.scenario == .serveLatency
        self.init(
            monitors: options.monitors, jobs: options.jobs, namespaces: running ? options.monitors : options.namespaces,
            running: running, anchor: Int64(options.anchor))
    }
}
