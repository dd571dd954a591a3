import CronMonitorAPI
import Foundation
import KubernetesModel

/// Which of a monitor's Jobs `status.totals` has already counted, for the Jobs whose run records
/// are no longer in `status.runs` (see `CountedJobs` for the representation and why it is
/// bounded).
///
/// A run's identity is its Job's UID. A Job is counted the first time the planner sees it, and
/// never again: neither when its record is trimmed from the history and the Job is still there,
/// nor when it leaves the monitor's Jobs and comes back. The ledger answers "counted already?"
/// for Jobs without a record; `status.runs` answers it for the others.
struct CountLedger: Equatable {
    /// Jobs created before this second are counted.
    private(set) var createdBefore: Time?
    /// Counted Jobs of the newest second (or of unknown creation) without a run record.
    private(set) var trimmed: Set<String>

    init(_ counted: CountedJobs?) {
        createdBefore = counted?.createdBefore
        trimmed = Set(counted?.trimmedUIDs ?? [])
    }

    /// Whether `job`, which has no run record, was counted before.
    func hasCounted(_ job: JobProjection) -> Bool {
        if let createdBefore, Time(job.created) < createdBefore { return true }
        return trimmed.contains(job.uid)
    }

    /// Every Job the planner saw this pass is counted. The watch cache is a consistent prefix of
    /// the API server's history, so once a Job created in second `s` is seen, every Job created
    /// before `s` has been seen too (and counted): the boundary moves up to `s`, and the UIDs
    /// listed for earlier seconds are no longer needed.
    mutating func sawJobs(createdAt newest: Date) {
        let second = Time(newest)
        guard createdBefore.map({ second > $0 }) ?? true else { return }
        createdBefore = second
        trimmed = []
    }

    /// The run record of a counted Job left `status.runs`. `created` is the Job's creation time
    /// when the Job is still there to ask.
    mutating func trimmedRecord(uid: String, created: Date?) {
        if let created {
            let second = Time(created)
            if let createdBefore, second < createdBefore { return }
            // Not expected (`sawJobs` saw this Job), but never lose a count: move the boundary.
            sawJobs(createdAt: created)
        }
        trimmed.insert(uid)
    }

    /// The status form; `nil` until the monitor has seen a Job.
    var status: CountedJobs? {
        guard createdBefore != nil || !trimmed.isEmpty else { return nil }
        return CountedJobs(createdBefore: createdBefore, trimmedUIDs: trimmed.isEmpty ? nil : trimmed.sorted())
    }
}
