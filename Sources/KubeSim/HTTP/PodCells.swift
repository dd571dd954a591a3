import KubernetesModel

extension ResourceType {
    /// The columns of `kubectl get pods`: NAME READY STATUS RESTARTS AGE, and with `-o wide`
    /// IP, NODE, NOMINATED NODE, READINESS GATES.
    static let podColumns: [PrinterColumn] = [
        PrinterColumn(name: "Name", type: "string", format: "name", jsonPath: ".metadata.name"),
        PrinterColumn(name: "Ready", type: "string", description: "The aggregate readiness state of this pod for accepting traffic.",
                      jsonPath: ".status.containerStatuses", rendering: .computed(.podReady)),
        PrinterColumn(name: "Status", type: "string", description: "The aggregate status of the containers in this pod.",
                      jsonPath: ".status.phase", rendering: .computed(.podStatus)),
        PrinterColumn(name: "Restarts", type: "string", description: "The number of times the containers in this pod have been restarted.",
                      jsonPath: ".status.containerStatuses", rendering: .computed(.podRestarts)),
        PrinterColumn(name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp"),
        PrinterColumn(name: "IP", type: "string", priority: 1, jsonPath: ".status.podIP", absent: .string("<none>")),
        PrinterColumn(name: "Node", type: "string", priority: 1, jsonPath: ".spec.nodeName", absent: .string("<none>")),
        PrinterColumn(name: "Nominated Node", type: "string", priority: 1, jsonPath: ".status.nominatedNodeName",
                      absent: .string("<none>")),
        PrinterColumn(name: "Readiness Gates", type: "string", priority: 1, jsonPath: ".spec.readinessGates",
                      absent: .string("<none>")),
    ]
}

/// The computed cells of a Pod's row, read the way kubectl's pod printer reads them.
struct PodCells {
    var pod: JSONValue

    func cell(_ computation: TableComputation) -> JSONValue {
        switch computation {
        case .podReady: .string("\(readyContainers)/\(pod["spec"]?["containers"]?.arrayValue?.count ?? 0)")
        case .podStatus: .string(status)
        case .podRestarts: .int(containerStatuses.reduce(0) { $0 + ($1["restartCount"]?.intValue ?? 0) })
        case .jobStatus, .jobCompletions, .jobDuration: .null
        }
    }

    private var containerStatuses: [JSONValue] { pod["status"]?["containerStatuses"]?.arrayValue ?? [] }

    private var readyContainers: Int {
        containerStatuses.filter { $0["ready"]?.boolValue == true && $0["state"]?["running"] != nil }.count
    }

    /// The phase, replaced by the Pod's reason, then by the last container's waiting or
    /// terminated reason (or its exit code); `Terminating` while being deleted.
    private var status: String {
        let status = pod["status"]
        var reason = status?["phase"]?.stringValue ?? ""
        if let podReason = status?["reason"]?.stringValue, !podReason.isEmpty { reason = podReason }
        var running = false
        for container in containerStatuses.reversed() {
            let state = container["state"]
            if let waiting = state?["waiting"]?["reason"]?.stringValue, !waiting.isEmpty {
                reason = waiting
            } else if let terminated = state?["terminated"] {
                if let ended = terminated["reason"]?.stringValue, !ended.isEmpty {
                    reason = ended
                } else if let signal = terminated["signal"]?.intValue, signal != 0 {
                    reason = "Signal:\(signal)"
                } else {
                    reason = "ExitCode:\(terminated["exitCode"]?.intValue ?? 0)"
                }
            } else if container["ready"]?.boolValue == true, state?["running"] != nil {
                running = true
            }
        }
        if reason == "Completed", running {
            let ready = (status?["conditions"]?.arrayValue ?? []).contains {
                $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True"
            }
            reason = ready ? "Running" : "NotReady"
        }
        if pod["metadata"]?["deletionTimestamp"] != nil { reason = "Terminating" }
        return reason
    }
}
