import CronMonitorAPI
import Foundation
import KubernetesModel

/// The alerts of one monitor that were decided but whose Events are not yet known to be written
/// (`status.pendingAlerts`). An alert enters when the judgement that causes it is made; the
/// reconciler writes its Event, and a plan told it was delivered (`PlanInput.delivered`) moves
/// it into its run's `alerted` list, normally in the same pass and status write. An alert whose
/// Event could not be written is written into the status as pending, with its judgement, and
/// delivered later. So a run is recorded as alerted only once its Event was written or folded,
/// and a failed write, a conflict or a crash loses nothing.
struct AlertOutbox {
    /// The most alerts kept waiting (the CRD's `maxItems`): beyond it, the oldest alerts of
    /// runs that left the history are given up first. Alerts of runs in the history (at most
    /// 100, each with a handful of reasons) stay, because a run in the history is judged again
    /// in every pass and would decide a given-up alert anew.
    static let capacity = 500

    private(set) var entries: [PendingAlert]

    init(_ status: CronMonitorStatus) {
        entries = status.pendingAlerts ?? []
    }


    func contains(_ alert: PendingAlert) -> Bool {
        let incident = alert.incident
        return entries.contains { $0.incident == incident }
    }

    mutating func add(_ alert: PendingAlert) {
        entries.append(alert)
    }

    /// Moves the `delivered` alerts into their runs' `alerted` lists.
    mutating func settle(delivered: Set<String>, records: inout [RunRecord]) {
        guard !delivered.isEmpty else { return }
        entries.removeAll { alert in
            guard delivered.contains(alert.incident) else { return false }
            if let position = records.firstIndex(where: alert.isAbout) {
                var alerted = records[position].alerted ?? []
                if !alerted.contains(alert.reason) { alerted.append(alert.reason) }
                records[position].alerted = alerted
            }
            return true
        }
    }

    /// Gives up what cannot wait, and returns it: alerts of a reason this version does not know
    /// (written by another version: it cannot emit them) and, beyond `capacity`, the oldest,
    /// those whose runs left `runs` first.
    mutating func giveUp(keeping runs: [RunRecord]) -> [PendingAlert] {
        var givenUp: [PendingAlert] = []
        entries.removeAll { alert in
            let unknown = EventReason(rawValue: alert.reason) == nil
            if unknown { givenUp.append(alert) }
            return unknown
        }
        var excess = entries.count - Self.capacity
        guard excess > 0 else { return givenUp }
        for pass in [false, true] where excess > 0 {
            entries.removeAll { alert in
                guard excess > 0, pass || !runs.contains(where: alert.isAbout) else { return false }
                excess -= 1
                givenUp.append(alert)
                return true
            }
        }
        return givenUp
    }

    /// The Events still to write, oldest first.
    var events: [PlannedEvent] {
        entries.compactMap { alert in
            EventReason(rawValue: alert.reason).map { reason in
                PlannedEvent(
                    reason, note: alert.note,
                    related: alert.jobName.map { JobReference(name: $0, uid: alert.uid ?? "") },
                    incident: alert.incident)
            }
        }
    }

    /// For `status.pendingAlerts`: unset when nothing waits.
    var status: [PendingAlert]? { entries.isEmpty ? nil : entries }
}

extension PendingAlert {
    /// What makes an alert one incident, stable across passes and processes: its reason and its
    /// run (the Job's UID, else the missed slot).
    public var incident: String {
        if let uid, !uid.isEmpty { return "\(reason)/job/\(uid)" }
        return "\(reason)/slot/\(scheduledTime?.description ?? "")"
    }

    /// Whether `record` is the run this alert is about.
    func isAbout(_ record: RunRecord) -> Bool {
        if let uid, !uid.isEmpty { return record.uid == uid }
        return (record.uid ?? "").isEmpty && record.result == .missed && record.scheduledTime == scheduledTime
    }
}
