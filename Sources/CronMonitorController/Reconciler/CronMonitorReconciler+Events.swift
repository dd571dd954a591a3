import CronMonitorAPI
import Foundation
import KubernetesModel
import KubernetesRuntime
import Logging

extension CronMonitorReconciler {
    /// Emits notices about the monitor (`Recovered`, `JobsPurged`, `InvalidSpec`, ...): their
    /// status is written, and the recorder retries what fails transiently.
    func emit(_ notices: [PlannedEvent], about monitor: CronMonitor) async {
        for notice in notices {
            logAlert(notice, about: monitor)
            await recorder.record(draft(of: notice, about: monitor))
        }
    }

    /// Writes the Events of pending alerts. Returns the incidents delivered (written, found
    /// written, or folded into the aggregate of their reason) and how many could not be written
    /// (the recorder has logged why; they stay pending).
    func deliver(_ alerts: [PlannedEvent], about monitor: CronMonitor) async -> (delivered: Set<String>, failed: Int) {
        var delivered: Set<String> = []
        var failed = 0
        for alert in alerts {
            guard let incident = alert.incident else { continue }
            var draft = draft(of: alert, about: monitor)
            draft.name = Self.eventName(monitor: monitor, incident: incident)
            switch await recorder.record(draft) {
            case .emitted, .folded:
                logAlert(alert, about: monitor)
                delivered.insert(incident)
            case .deferred, .failed:
                failed += 1
            }
        }
        return (delivered, failed)
    }

    /// Alerts given up without an Event (see `Plan.givenUpAlerts`): said at warning level.
    func reportGivenUp(_ alerts: [PendingAlert], of monitor: CronMonitor) {
        for alert in alerts {
            logger.warning(
                "alert given up without an Event: its Event could not be written and too many newer alerts wait, or its reason is unknown to this version",
                metadata: [
                    "k8s.namespace": "\(monitor.metadata.namespace ?? "")", "cronmonitor.name": "\(monitor.metadata.name ?? "")",
                    "event.reason": "\(alert.reason)", "event.note": "\(alert.note)", "k8s.job": "\(alert.jobName ?? "")",
                ])
        }
    }

    /// The name of an alert's Event: the monitor's name and a hash of the monitor's UID and the
    /// incident, the same in every process, so a write repeated after a crash or a lost answer
    /// finds the Event already there instead of creating a second one.
    public static func eventName(monitor: CronMonitor, incident: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, 64 bits
        for byte in "\(monitor.metadata.uid ?? "")/\(incident)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let suffix = String(hash, radix: 16)
        // An object name is at most 253 characters.
        let prefix = String((monitor.metadata.name ?? "cronmonitor").prefix(253 - 1 - suffix.count))
        return "\(prefix).\(suffix)"
    }

    private func draft(of event: PlannedEvent, about monitor: CronMonitor) -> EventDraft {
        let regarding = ObjectReference(
            apiVersion: CronMonitor.apiVersion, kind: CronMonitor.kind, namespace: monitor.metadata.namespace,
            name: monitor.metadata.name, uid: monitor.metadata.uid)
        let related = event.related.map {
            ObjectReference(
                apiVersion: BatchV1.Job.apiVersion, kind: BatchV1.Job.kind, namespace: monitor.metadata.namespace,
                name: $0.name, uid: $0.uid.isEmpty ? nil : $0.uid)
        }
        return EventDraft(
            regarding: regarding, related: related, type: event.reason.isWarning ? .warning : .normal,
            reason: event.reason.rawValue, action: event.reason.action, note: event.note)
    }

    private func logAlert(_ event: PlannedEvent, about monitor: CronMonitor) {
        logger.info(
            "Alert \(event.reason.rawValue): \(event.note)",
            metadata: [
                "k8s.namespace": "\(monitor.metadata.namespace ?? "")", "cronmonitor.name": "\(monitor.metadata.name ?? "")",
                "event.reason": "\(event.reason.rawValue)", "k8s.job": "\(event.related?.name ?? "")",
            ])
    }
}
