import CronMonitorAPI
import Foundation
import KubernetesModel

extension PlanBuilder {
    /// The derived parts of the status: failure streak, last times, active runs, trimmed
    /// history, schedule times and the two conditions.
    mutating func summarize() {
        for outcome in finalized.sorted(by: { $0.time < $1.time }) {
            consecutiveFailures = outcome.failure ? consecutiveFailures + 1 : 0
        }
        status.consecutiveFailures = consecutiveFailures
        status.totals = totals
        status.target = target.description
        status.resolvedSchedule = target.schedule.text
        status.resolvedTimeZone = target.schedule.timeZoneName

        let active = input.jobs.filter(\.isActive).sorted(by: runOrder)
        status.activeRuns = active.map {
            ActiveRun(
                jobName: $0.key.name, uid: $0.uid, scheduledTime: slot(of: $0).map(Time.init),
                startTime: Time($0.effectiveStart))
        }
        status.active = Int32(active.count)
        summarizeTimes()
        settleAlerts()
        // Runs whose Jobs have not finished (also those being deleted) are kept before finished
        // ones: their outcome is still to be judged.
        trimHistory(keeping: Set(input.jobs.filter { $0.outcome == nil }.map(\.uid)))
        storeAlerts()
        status.lastResult = lastResult()
        status.durations = RunDurations(of: (status.runs ?? []).compactMap(\.finishedDuration))
        status.daily = daily.status
        setConditions()
    }

    private mutating func summarizeTimes() {
        func latest(_ current: Time?, _ candidate: Date?) -> Time? {
            guard let candidate else { return current }
            return max(current ?? Time(candidate), Time(candidate))
        }
        for record in records {
            if record.result == .missed {
                if Self.isFailure(missed: record), let slot = record.scheduledTime?.date {
                    status.lastFailureTime = latest(
                        status.lastFailureTime, Self.missedAt(slot, grace: target.startGrace))
                }
                continue
            }
            status.lastStartTime = latest(status.lastStartTime, record.startTime?.date)
            status.lastFinishTime = latest(status.lastFinishTime, record.finishTime?.date)
            switch record.result {
            case .succeeded:
                status.lastSuccessTime = latest(status.lastSuccessTime, record.finishTime?.date)
            case .failed:
                status.lastFailureTime = latest(status.lastFailureTime, record.finishTime?.date)
            case .stuck:
                status.lastFailureTime = latest(status.lastFailureTime, stuckAt(record))
            case .pending, .running, .terminated, .missed, .duplicate:
                break
            }
        }
        let floor = max(target.judgeFrom, status.lastScheduleTime?.date ?? target.judgeFrom).addingTimeInterval(-1)
        if let recent = target.mostRecent(atOrBefore: now, after: floor) {
            status.lastScheduleTime = Time(recent)
        }
        status.nextScheduleTime = target.next(after: now).map(Time.init)
    }

    /// When a stuck run became stuck: its start plus `maxDurationSeconds` (a fixed moment, so a
    /// run that stays stuck does not move `lastFailureTime`); its finish, else now, when the
    /// limit is no longer set.
    private func stuckAt(_ record: RunRecord) -> Date {
        if let start = record.startTime?.date, let limit = spec.maxDurationSeconds, limit > 0 {
            return start.addingTimeInterval(TimeInterval(limit))
        }
        return record.finishTime?.date ?? now
    }

    /// The newest finished or missed run's outcome: the first record of the trimmed history that
    /// has one, else the previous `lastResult` (the history may hold only active runs). Never
    /// `Running`: active runs are `active`.
    private func lastResult() -> RunResult? {
        if let newest = (status.runs ?? []).first(where: Self.hasOutcome) {
            return newest.result
        }
        return status.lastResult.flatMap { $0.isActive ? nil : $0 }
    }

    /// Whether a record's result is an outcome: a finished run's, a stuck or missed one's, a
    /// duplicate's once it finished; not a run still going on.
    static func hasOutcome(_ record: RunRecord) -> Bool {
        switch record.result {
        case .succeeded, .failed, .stuck, .terminated, .missed: true
        case .duplicate: record.finishTime != nil
        case .pending, .running: false
        }
    }

    /// Newest first, at most `historyLimit`. Unfinished runs are kept before finished ones (the
    /// newest of them when there are more than the limit). Every Job whose record leaves stays
    /// counted through the ledger, so it is never admitted as a new run again.
    private mutating func trimHistory(keeping unfinished: Set<String>) {
        let ordered = records.sorted { lhs, rhs in
            if lhs.sortTime != rhs.sortTime { return lhs.sortTime > rhs.sortTime }
            if lhs.jobName != rhs.jobName { return (lhs.jobName ?? "") > (rhs.jobName ?? "") }
            return (lhs.uid ?? "") > (rhs.uid ?? "")
        }
        let limit = Int(spec.resolvedHistoryLimit)
        let isActive = { (record: RunRecord) in record.uid.map(unfinished.contains) ?? false }
        let activeKept = min(limit, ordered.count(where: isActive))
        var kept: [RunRecord] = []
        var activeSeen = 0
        var finishedKept = 0
        var left: [RunRecord] = []
        for record in ordered {
            if isActive(record) {
                activeSeen += 1
                if activeSeen <= activeKept {
                    kept.append(record)
                    continue
                }
            } else if finishedKept + activeKept < limit {
                kept.append(record)
                finishedKept += 1
                continue
            }
            left.append(record)
        }
        status.runs = kept
        if let newest = input.jobs.map(\.created).max() {
            ledger.sawJobs(createdAt: newest)
        }
        let created = Dictionary(input.jobs.map { ($0.uid, $0.created) }, uniquingKeysWith: min)
        for record in left {
            guard let uid = record.uid, !uid.isEmpty else { continue }
            ledger.trimmedRecord(uid: uid, created: created[uid])
        }
        status.countedJobs = ledger.status
    }

    private mutating func setConditions() {
        let generation = input.monitor.metadata.generation
        var conditions = status.conditions ?? []
        conditions.set(
            Condition(
                type: CronMonitorCondition.ready, status: .true, observedGeneration: generation,
                lastTransitionTime: Time(now), reason: ReadyReason.resolved,
                message: "watching \(target.description) on \"\(target.schedule.text)\" (\(target.schedule.timeZoneName))"))
        let (health, reason, message) = health()
        let wasUnhealthy = conditions.condition(CronMonitorCondition.healthy)?.status == .false
        conditions.set(
            Condition(
                type: CronMonitorCondition.healthy, status: health, observedGeneration: generation,
                lastTransitionTime: Time(now), reason: reason, message: message))
        status.conditions = conditions
        // Ready is True: REASON says why the monitor is or is not healthy.
        status.reason = reason
        if wasUnhealthy, health == .true, !suspended {
            events.append(PlannedEvent(.recovered, note: "healthy again: \(message)"))
        }
    }

    /// Healthy: the streak of failed, stuck and missed runs is below the threshold. The reason
    /// names the newest of them when it is not, says the streak is below the threshold when the
    /// newest judged run is one of them, else that the newest judged run succeeded.
    private func health() -> (ConditionStatus, String, String) {
        if suspended {
            return (.unknown, HealthyReason.suspended, "monitoring is suspended (spec.suspend)")
        }
        // Read from the written history (not from this pass's judging), so that planning again
        // from it says the same.
        let notStarted = (status.runs ?? []).filter { record in
            record.result == .pending
                && ((record.alerted ?? []).contains(EventReason.runNotStarted.rawValue)
                    || (status.pendingAlerts ?? []).contains {
                        $0.reason == EventReason.runNotStarted.rawValue && $0.uid == record.uid
                    })
        }
        if let newest = notStarted.first {
            return (
                .false, HealthyReason.runNotStarted,
                "Job \(newest.jobName ?? "") has not started within startGraceSeconds \(Int64(target.startGrace))"
                    + (newest.cause.map { ": \($0)" } ?? "")
            )
        }
        let judged = (status.runs ?? []).filter { record in
            switch record.result {
            case .succeeded, .failed, .stuck: true
            case .missed: Self.isFailure(missed: record)
            case .pending, .running, .terminated, .duplicate: false
            }
        }
        let threshold = spec.resolvedFailureThreshold
        let streak = "\(consecutiveFailures) consecutive failed, stuck or missed run(s)"
        if consecutiveFailures >= threshold, let failure = judged.first(where: Self.isStreakFailure) {
            let (reason, what) = Self.describe(failure: failure)
            return (.false, reason, "\(streak) (failureThreshold \(threshold)); newest: \(what)")
        }
        guard let newest = judged.first else {
            return (.unknown, HealthyReason.noRunsYet, "no run has finished yet")
        }
        if Self.isStreakFailure(newest) {
            return (.true, HealthyReason.failuresBelowThreshold, "\(streak), below failureThreshold \(threshold)")
        }
        return (.true, HealthyReason.succeeded, "Job \(newest.jobName ?? "") succeeded")
    }

    /// Failed, stuck and missed runs: what `consecutiveFailures` counts.
    static func isStreakFailure(_ record: RunRecord) -> Bool {
        record.isFinalFailure || isFailure(missed: record)
    }

    /// The Healthy reason a failure gives, and a few words on it.
    private static func describe(failure: RunRecord) -> (String, String) {
        switch failure.result {
        case .missed:
            return (
                HealthyReason.scheduleMissed,
                "slot \(failure.scheduledTime?.description ?? "") was missed: \(failure.message ?? "")"
            )
        case .stuck:
            return (HealthyReason.runStuck, "Job \(failure.jobName ?? "") stuck")
        case .failed, .succeeded, .pending, .running, .terminated, .duplicate:
            return (HealthyReason.runFailed, "Job \(failure.jobName ?? "") failed")
        }
    }
}
