import CronMonitorAPI
import Foundation

extension PlanBuilder {
    /// Finished Jobs beyond `keepSucceeded` / `keepFailed`, or older than `maxAgeSeconds`, are
    /// deleted; never an active Job, never the newest failed Job, and only Jobs whose run the
    /// previous status already records as finished (so deleting them loses nothing).
    mutating func planRetention() {
        guard let retention = spec.retention else { return }
        let finished = input.jobs.filter { $0.outcome != nil && !$0.isBeingDeleted }
        let newestFirst = { (lhs: JobProjection, rhs: JobProjection) in
            (Self.finishTime(of: lhs), lhs.key.name) > (Self.finishTime(of: rhs), rhs.key.name)
        }
        let succeeded = finished.filter { $0.outcome?.result == .succeeded }.sorted(by: newestFirst)
        let failed = finished.filter { $0.outcome?.result == .failed }.sorted(by: newestFirst)
        let newestFailed = failed.first?.uid

        var doomed: [JobProjection] = []
        if let keep = retention.keepSucceeded {
            doomed += succeeded.dropFirst(max(0, Int(keep)))
        }
        if let keep = retention.keepFailed {
            doomed += failed.dropFirst(max(1, Int(keep)))
        }
        if let maxAge = retention.maxAgeSeconds, maxAge > 0 {
            let age = TimeInterval(maxAge)
            for job in finished where job.uid != newestFailed {
                let expiry = Self.finishTime(of: job).addingTimeInterval(age)
                if expiry <= now {
                    doomed.append(job)
                } else {
                    wake(at: expiry)
                }
            }
        }
        let recorded = durablyRecorded
        var seen = Set<String>()
        for job in doomed.sorted(by: newestFirst) where job.uid != newestFailed && seen.insert(job.uid).inserted {
            guard recorded(job) else {
                // Recorded by this pass's status first; deleted by the next pass.
                wake(at: now)
                continue
            }
            jobsToDelete.append(JobReference(name: job.key.name, uid: job.uid))
        }
    }

    static func finishTime(of job: JobProjection) -> Date {
        job.outcome?.finishTime ?? job.effectiveStart
    }

    /// Whether the status the plan started from already holds a finished record of the Job's
    /// run, or had counted the Job and trimmed its record.
    private var durablyRecorded: (JobProjection) -> Bool {
        let previous = previousStatus.runs ?? []
        var recorded: [String: Bool] = [:]
        for record in previous {
            if let uid = record.uid { recorded[uid] = !record.result.isActive }
        }
        let ledger = CountLedger(previousStatus.countedJobs)
        return { job in recorded[job.uid] ?? ledger.hasCounted(job) }
    }
}

extension Plan {
    /// The plan after the reconciler deleted `deleted` of its `jobsToDelete`: the purge is
    /// counted in `status.totals.purged` and announced by one `JobsPurged` Event.
    public func recordingPurge(of deleted: [JobReference]) -> Plan {
        guard !deleted.isEmpty else { return self }
        var plan = self
        var totals = plan.status.totals ?? RunTotals()
        totals.purged = (totals.purged ?? 0) + Int64(deleted.count)
        plan.status.totals = totals
        let names = deleted.map(\.name).joined(separator: ", ")
        plan.events.append(
            PlannedEvent(.jobsPurged, note: "deleted \(deleted.count) finished Job(s) by retention policy: \(names)"))
        return plan
    }
}
