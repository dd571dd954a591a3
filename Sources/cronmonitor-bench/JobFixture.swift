import KubernetesModel

/// Realistic Job objects as the CronJob controller creates them (labels, annotations, an owner
/// reference to the CronJob, a one-container pod template, status with conditions), and the
/// status updates the benchmark streams.
struct JobFixture: Sendable {
    /// Jobs per CronJob.
    static let jobsPerCronJob = 100
    /// 2026-01-01T00:00:00Z in minutes since the epoch: the first slot.
    static let firstSlotMinute: Int64 = 29_433_600

    var namespaces: Int

    func namespace(of index: Int) -> String {
        "team-\(index % namespaces)"
    }

    func cronJobName(of index: Int) -> String {
        "nightly-report-\(index / Self.jobsPerCronJob)"
    }

    func slotMinute(of index: Int) -> Int64 {
        Self.firstSlotMinute + Int64(index % Self.jobsPerCronJob) * 60
    }

    func name(of index: Int) -> String {
        "\(cronJobName(of: index))-\(slotMinute(of: index))"
    }

    /// A fake but stable UID (the store assigns the object's own).
    static func uid(_ kind: String, _ index: Int) -> String {
        let hex = String(index, radix: 16)
        let padded = String(repeating: "0", count: max(0, 12 - hex.count)) + hex
        return "\(kind)-4b1e-4c2d-9f3a-\(padded)"
    }

    func job(_ index: Int) -> JSONValue {
        let name = name(of: index)
        let cronJob = cronJobName(of: index)
        let controllerUID = Self.uid("5f0c9a7e", index)
        let podLabels: JSONValue = [
            "batch.kubernetes.io/controller-uid": .string(controllerUID),
            "batch.kubernetes.io/job-name": .string(name),
            "controller-uid": .string(controllerUID),
            "job-name": .string(name),
            "app.kubernetes.io/name": "nightly-report",
        ]
        let scheduled = Self.timestamp(minute: slotMinute(of: index))
        return [
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": [
                "name": .string(name),
                "namespace": .string(namespace(of: index)),
                "uid": .string(controllerUID),
                "labels": podLabels,
                "annotations": [
                    "batch.kubernetes.io/cronjob-scheduled-timestamp": .string(scheduled),
                    "batch.kubernetes.io/job-tracking": "",
                ],
                "ownerReferences": [
                    [
                        "apiVersion": "batch/v1", "kind": "CronJob", "name": .string(cronJob),
                        "uid": .string(Self.uid("a3d2c1b0", index / Self.jobsPerCronJob)),
                        "controller": true, "blockOwnerDeletion": true,
                    ]
                ],
            ],
            "spec": [
                "parallelism": 1, "completions": 1, "backoffLimit": 6, "completionMode": "NonIndexed",
                "suspend": false, "manualSelector": false, "podReplacementPolicy": "TerminatingOrFailed",
                "selector": ["matchLabels": ["batch.kubernetes.io/controller-uid": .string(controllerUID)]],
                "template": [
                    "metadata": ["labels": podLabels],
                    "spec": [
                        "containers": [
                            [
                                "name": "report",
                                "image": "registry.example.com/reports/nightly:1.42.0",
                                "command": ["/bin/report", "--since=24h", "--output=s3://reports/nightly"],
                                "resources": ["requests": ["cpu": "100m", "memory": "128Mi"]],
                                "imagePullPolicy": "IfNotPresent",
                                "terminationMessagePath": "/dev/termination-log",
                                "terminationMessagePolicy": "File",
                            ]
                        ],
                        "restartPolicy": "OnFailure",
                        "terminationGracePeriodSeconds": 30,
                        "dnsPolicy": "ClusterFirst",
                        "schedulerName": "default-scheduler",
                        "securityContext": [:],
                    ],
                ],
            ],
            "status": status(index, revision: 0),
        ]
    }

    /// A finished Job's status; `revision` makes each update a real change (the message).
    func status(_ index: Int, revision: Int) -> JSONValue {
        let start = slotMinute(of: index) * 60 + 2
        let end = start + 40 + Int64(revision % 20)
        let started = Self.timestamp(second: start)
        let ended = Self.timestamp(second: end)
        let message = JSONValue.string("Reached expected number of succeeded pods (revision \(revision))")
        return [
            "startTime": .string(started),
            "completionTime": .string(ended),
            "active": 0, "ready": 0, "succeeded": 1, "terminating": 0,
            "uncountedTerminatedPods": [:],
            "conditions": [
                [
                    "type": "SuccessCriteriaMet", "status": "True", "reason": "CompletionsReached",
                    "message": message, "lastProbeTime": .string(ended), "lastTransitionTime": .string(ended),
                ],
                [
                    "type": "Complete", "status": "True", "reason": "CompletionsReached",
                    "message": message, "lastProbeTime": .string(ended), "lastTransitionTime": .string(ended),
                ],
            ],
        ]
    }

    static func timestamp(minute: Int64) -> String {
        timestamp(second: minute * 60)
    }

    static func timestamp(second: Int64) -> String {
        Time(secondsSinceEpoch: second).rfc3339 ?? "1970-01-01T00:00:00Z"
    }
}
