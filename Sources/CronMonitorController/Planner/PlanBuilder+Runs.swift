import CronMonitorAPI
import Foundation
import KubernetesModel

extension PlanBuilder {
    /// Creates or updates one run record per Job: start, finish, outcome, duplicates, stuck runs.
    /// A Job seen for the first time is a new run and counted in `totals.runs`; a Job counted
    /// before whose record has been trimmed stays untracked (see `CountLedger`).
    mutating func trackRuns() {
        var index: [String: Int] = [:]
        for (position, record) in records.enumerated() {
            if let uid = record.uid, !uid.isEmpty { index[uid] = position }
        }
        let jobs = input.jobs.sorted(by: runOrder)
        var present = Set<String>()
        for job in jobs {
            present.insert(job.uid)
            let position: Int
            if let existing = index[job.uid] {
                position = existing
            } else {
                guard !ledger.hasCounted(job) else { continue }
                position = records.count
                records.append(newRecord(for: job))
                index[job.uid] = position
                totals.runs = (totals.runs ?? 0) + 1
                daily.count(.run, at: dayTime(of: job))
            }
            trackedJobs.append(job)
            update(run: position, from: job)
        }
        for position in records.indices where records[position].result.isActive {
            guard let uid = records[position].uid, !present.contains(uid) else { continue }
            records[position].result = .terminated
            records[position].reason = Self.jobDeleted
            records[position].message = "the Job was deleted before it finished"
        }
    }

    static let jobDeleted = "JobDeleted"
    /// Waiting reasons the kubelet alternates between while it retries a pull: one cause.
    static let pullErrors: Set<String> = ["ErrImagePull", "ImagePullBackOff"]
    /// How long after its start a Job's Pods may take to reach the Pod cache.
    static let podSightLag: TimeInterval = 10

    /// The order runs are judged in: by slot (else start), then creation, name and UID, so that
    /// the earlier of two runs of one slot is the original and the later the duplicate.
    func runOrder(_ lhs: JobProjection, _ rhs: JobProjection) -> Bool {
        let left = slot(of: lhs) ?? lhs.effectiveStart
        let right = slot(of: rhs) ?? rhs.effectiveStart
        if left != right { return left < right }
        if lhs.created != rhs.created { return lhs.created < rhs.created }
        if lhs.key.name != rhs.key.name { return lhs.key.name < rhs.key.name }
        return lhs.uid < rhs.uid
    }

    /// A new run; later than an existing run of the same slot → a duplicate.
    private mutating func newRecord(for job: JobProjection) -> RunRecord {
        let slot = slot(of: job)
        var record = RunRecord(
            jobName: job.key.name, uid: job.uid, scheduledTime: slot.map(Time.init),
            startTime: Time(job.effectiveStart), result: .running)
        guard let slot, let original = records.first(where: { Self.claims($0, slot: slot) }) else {
            return record
        }
        totals.duplicates = (totals.duplicates ?? 0) + 1
        record.result = .duplicate
        record.reason = "SameSlot"
        record.message = "Job \(original.jobName ?? "") already ran for slot \(slot.rfc3339)"
        return record
    }

    /// Whether a record is a run (not a missed slot, not a duplicate) of `slot`.
    static func claims(_ record: RunRecord, slot: Date) -> Bool {
        record.result != .missed && record.result != .duplicate && !(record.jobName ?? "").isEmpty
            && record.scheduledTime?.date == slot
    }

    private mutating func update(run position: Int, from job: JobProjection) {
        let reference = JobReference(name: job.key.name, uid: job.uid)
        let slotText = slot(of: job).map { " (slot \($0.rfc3339))" } ?? " (manual run)"
        records[position].startTime = Time(job.effectiveStart)
        if records[position].result == .terminated, records[position].reason == Self.jobDeleted {
            // The Job was only out of sight (a relist, a label that came back): judge it again.
            records[position].result = .running
            records[position].reason = nil
            records[position].message = nil
        }
        if records[position].result == .duplicate {
            alert(
                .duplicateRun, run: position, at: job.created,
                note: "Job \(job.key.name)\(slotText) duplicates a run of the same slot: "
                    + (records[position].message ?? ""),
                related: reference)
        }
        if let outcome = job.outcome {
            finish(run: position, job: job, outcome: outcome, reference: reference, slotText: slotText)
        } else if job.isActive, judgeStart(run: position, job: job, reference: reference, slotText: slotText) {
            judgeActive(run: position, job: job, reference: reference, slotText: slotText)
        }
    }

    /// An unfinished run: `Pending` while none of its Pods has started (alerted `RunNotStarted`
    /// once past the start grace), `Running` once one has. Returns whether the run may be judged
    /// as running (a pending run is never stuck: its job never ran).
    private mutating func judgeStart(run position: Int, job: JobProjection, reference: JobReference, slotText: String)
        -> Bool
    {
        guard let allPods = input.pods, records[position].result.isActive else {
            return records[position].result != .pending
        }
        let pods = allPods[job.uid] ?? []
        let namespace = job.key.namespace
        if pods.isEmpty, job.reportsActivePods, records[position].result == .pending {
            if now < job.effectiveStart.addingTimeInterval(Self.podSightLag) {
                // The Job counts a Pod the Pod cache has not shown yet (two watches, no order
                // between them): still pending for now, rather than running and pending again.
                wake(at: job.effectiveStart.addingTimeInterval(Self.podSightLag))
                return false
            }
            if let cause = records[position].cause, cause != RunInsight.noPodCreated {
                // Its Pods were seen not starting and are gone (deleted at the Job's deadline,
                // say): the record keeps what they said.
                return false
            }
        }
        guard !pods.contains(where: \.hasStarted), let insight = RunInsight.pending(job: job, pods: pods, namespace: namespace)
        else {
            if records[position].result == .pending {
                records[position].result = .running
                records[position].message = nil
            }
            let insight = RunInsight.running(pods: pods, namespace: namespace) ?? RunInsight()
            insight.write(into: &records[position])
            return true
        }
        records[position].result = .pending
        let deadline = job.created.addingTimeInterval(target.startGrace)
        guard now >= deadline else {
            // Within the grace a run is only on its way (its Pod scheduled, its image pulled): the
            // cause is recorded once the grace is over, so that each step of a normal start is
            // not a status write of its own.
            RunInsight().write(into: &records[position])
            records[position].message = nil
            wake(at: deadline)
            return false
        }
        if let cause = records[position].cause, let new = insight.cause, cause != new,
            Self.pullErrors.contains(cause), Self.pullErrors.contains(new)
        {
            // Keep what was recorded (and alerted).
        } else {
            records[position].message = insight.detail
            insight.write(into: &records[position])
        }
        let waited = Int64(now.timeIntervalSince(job.created))
        let isNew = alert(
            .runNotStarted, run: position, at: deadline,
            note: "Job \(job.key.name)\(slotText) has not started \(waited)s after its creation (startGraceSeconds "
                + "\(Int64(target.startGrace))): \(insight.phrase)",
            related: reference)
        if isNew { totals.notStarted = (totals.notStarted ?? 0) + 1 }
        return false
    }

    private mutating func finish(
        run position: Int, job: JobProjection, outcome: JobOutcome, reference: JobReference, slotText: String
    ) {
        let finish = outcome.finishTime ?? now
        if records[position].result.isActive, outcome.result == .failed,
            let pods = input.pods?[job.uid], pods.contains(where: \.isRunning),
            now < finish.addingTimeInterval(Self.podSightLag)
        {
            // The Job failed after its Pods ended, but the Pod cache still shows one running: its
            // end is on its way (two watches, no order between them). Judged once it arrives, so
            // that the RunFailed note says why; at the latest `podSightLag` after the finish.
            wake(at: finish.addingTimeInterval(Self.podSightLag))
            return
        }
        if records[position].finishTime == nil {
            records[position].finishTime = Time(finish)
            records[position].durationSeconds = max(0, Int64(finish.timeIntervalSince(job.effectiveStart)))
        }
        if let insight = finishInsight(job: job, outcome: outcome) { insight.write(into: &records[position]) }
        guard records[position].result.isActive else { return }
        let duration = records[position].durationSeconds ?? max(0, Int64(finish.timeIntervalSince(job.effectiveStart)))
        switch outcome.result {
        case .succeeded:
            records[position].result = .succeeded
            records[position].reason = nil
            records[position].message = nil
            totals.succeeded = (totals.succeeded ?? 0) + 1
            daily.count(.succeeded(durationSeconds: duration), at: dayTime(of: job))
            if !judgeTooShort(run: position, job: job, duration: duration, reference: reference, slotText: slotText) {
                finalized.append((finish, false))
            }
        case .failed:
            records[position].result = .failed
            records[position].reason = outcome.reason
            records[position].message = outcome.message
            totals.failed = (totals.failed ?? 0) + 1
            daily.count(.failed(durationSeconds: duration), at: dayTime(of: job))
            finalized.append((finish, true))
            // Pods already gone (deleted at the Job's deadline): what the record said of them.
            let insight = finishInsight(job: job, outcome: outcome) ?? RunInsight(recorded: records[position])
            let why =
                if let insight, let reason = outcome.reason {
                    "\(reason); \(insight.phrase)"
                } else {
                    [outcome.reason, outcome.message, insight?.phrase].compactMap { $0 }.joined(separator: ": ")
                }
            alert(
                .runFailed, run: position, at: finish,
                note: "Job \(job.key.name)\(slotText) failed" + (why.isEmpty ? "" : ": \(why)"), related: reference)
        }
    }

    /// What the Pods of a finished Job say: why it failed, or where it ran. Nil when no Pod is
    /// in sight (they are gone, or Pods are not watched): the record keeps what it said before.
    private func finishInsight(job: JobProjection, outcome: JobOutcome) -> RunInsight? {
        guard let pods = input.pods?[job.uid], !pods.isEmpty else { return nil }
        switch outcome.result {
        case .failed: return RunInsight.failure(job: job, outcome: outcome, pods: pods, namespace: job.key.namespace)
        case .succeeded: return RunInsight.running(pods: pods, namespace: job.key.namespace)
        }
    }

    /// A running Job: stuck past `maxDurationSeconds`? Ended natively under `onStuck: Terminate`.
    private mutating func judgeActive(run position: Int, job: JobProjection, reference: JobReference, slotText: String) {
        guard !suspended, let limit = spec.maxDurationSeconds, limit > 0 else { return }
        let deadline = job.effectiveStart.addingTimeInterval(TimeInterval(limit))
        let elapsed = max(1, Int64(now.timeIntervalSince(job.effectiveStart)))
        if records[position].result == .running {
            guard now >= deadline else {
                wake(at: deadline)
                return
            }
            records[position].result = .stuck
            records[position].reason = "MaxDurationExceeded"
            records[position].message = "running for \(elapsed)s, longer than maxDurationSeconds \(limit)"
            totals.stuck = (totals.stuck ?? 0) + 1
            daily.count(.stuck, at: dayTime(of: job))
            finalized.append((now, true))
            alert(
                .runStuck, run: position, at: now,
                note: "Job \(job.key.name)\(slotText) has been running for \(elapsed)s (maxDurationSeconds \(limit))",
                related: reference)
        }
        guard records[position].result == .stuck, spec.resolvedOnStuck == .terminate else { return }
        records[position].reason = "Terminated"
        end(job, after: elapsed)
        alert(
            .runTerminated, run: position, at: now,
            note: "Job \(job.key.name)\(slotText) was stuck and is being ended (activeDeadlineSeconds \(elapsed))",
            related: reference)
    }

    /// Ends a Job natively: its `activeDeadlineSeconds` becomes its elapsed time, unless it is
    /// already at or below that.
    mutating func end(_ job: JobProjection, after elapsed: Int64) {
        if let current = job.activeDeadlineSeconds, current <= elapsed { return }
        guard !jobsToEnd.contains(where: { $0.job.uid == job.uid }) else { return }
        jobsToEnd.append(
            JobTermination(job: JobReference(name: job.key.name, uid: job.uid), activeDeadlineSeconds: elapsed))
    }

    /// Runs of the monitor that were active at the same time: the newer is the overlap; with
    /// `onOverlap: TerminateNewest` it is ended natively.
    mutating func judgeOverlaps() {
        guard !suspended else { return }
        let runs = trackedJobs.filter { !$0.isBeingDeleted || $0.outcome != nil }
            .sorted { ($0.effectiveStart, $0.key.name) < ($1.effectiveStart, $1.key.name) }
        var latest: (end: Date, job: JobProjection)?
        for job in runs {
            let runEnd = job.outcome.map { $0.finishTime ?? now } ?? now
            defer {
                if latest.map({ runEnd > $0.end }) ?? true { latest = (runEnd, job) }
            }
            guard let earlier = latest, earlier.end > job.effectiveStart,
                let position = records.firstIndex(where: { $0.uid == job.uid })
            else { continue }
            let reference = JobReference(name: job.key.name, uid: job.uid)
            let acts = spec.resolvedOnOverlap == .terminateNewest && job.isActive
            // An overlap still going on (or one the operator is about to end) is an incident now,
            // even if it began before the monitor existed: never act on a Job without saying why.
            let ongoing = job.isActive && (earlier.job.isActive || acts)
            let isNew = alert(
                .overlappingRuns, run: position, at: ongoing ? now : job.effectiveStart,
                note: "Job \(job.key.name) started at \(job.effectiveStart.rfc3339) while Job "
                    + "\(earlier.job.key.name) was still running",
                related: reference)
            if isNew { totals.overlaps = (totals.overlaps ?? 0) + 1 }
            guard acts else { continue }
            if records[position].result.isActive {
                records[position].result = .terminated
                records[position].reason = "Overlap"
                records[position].message = "ended because Job \(earlier.job.key.name) was still running"
            }
            let elapsed = max(1, Int64(now.timeIntervalSince(job.effectiveStart)))
            end(job, after: elapsed)
            alert(
                .runTerminated, run: position, at: now,
                note: "Job \(job.key.name) overlapped Job \(earlier.job.key.name) and is being ended",
                related: reference)
        }
    }
}
