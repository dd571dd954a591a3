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
        status.lastResult = status.runs?.first?.result
        status.durations = RunDurations(of: (status.runs ?? []).compactMap(\.finishedDuration))
        status.daily = daily.status
        setConditions()
    }

    private mutating func summarizeTimes() {
        func latest(_ current: Time?, _ candidate: Date?) -> Time? {
            guard let candidate else { return current }
            return max(current ?? Time(candidate), Time(candidate))
        }
        for record in records where record.result != .missed {
            status.lastStartTime = latest(status.lastStartTime, record.startTime?.date)
            status.lastFinishTime = latest(status.lastFinishTime, record.finishTime?.date)
            switch record.result {
            case .succeeded:
                status.lastSuccessTime = latest(status.lastSuccessTime, record.finishTime?.date)
            case .failed:
                status.lastFailureTime = latest(status.lastFailureTime, record.finishTime?.date)
            case .stuck:
                status.lastFailureTime = latest(status.lastFailureTime, record.finishTime?.date ?? now)
            case .pending, .running, .terminated, .missed, .duplicate:
                break
            }
        }
        let schedule = target.schedule
        let floor = max(target.judgeFrom, status.lastScheduleTime?.date ?? target.judgeFrom).addingTimeInterval(-1)
        if let recent = schedule.mostRecent(atOrBefore: now, after: floor) {
            status.lastScheduleTime = Time(recent)
        }
        status.nextScheduleTime = schedule.next(after: now).map(Time.init)
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
        if wasUnhealthy, health == .true, !suspended {
            events.append(PlannedEvent(.recovered, note: "healthy again: \(message)"))
        }
    }

    /// Healthy: the failure streak is below the threshold and the newest judged slot or run is
    /// fine.
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
            case .missed: record.reason != Self.missedBecauseSuspended
            case .pending, .running, .terminated, .duplicate: false
            }
        }
        let threshold = spec.resolvedFailureThreshold
        if consecutiveFailures >= threshold,
            let failure = judged.first(where: \.isFinalFailure)
        {
            let reason = failure.result == .stuck ? HealthyReason.runStuck : HealthyReason.runFailed
            return (
                .false, reason,
                "\(consecutiveFailures) consecutive failed run(s) (failureThreshold \(threshold)); newest: Job "
                    + "\(failure.jobName ?? "") \(failure.result.rawValue.lowercased())"
            )
        }
        guard let newest = judged.first else {
            return (.unknown, HealthyReason.noRunsYet, "no run has finished yet")
        }
        switch newest.result {
        case .missed:
            return (
                .false, HealthyReason.scheduleMissed,
                "slot \(newest.scheduledTime?.description ?? "") was missed: \(newest.message ?? "")"
            )
        case .failed, .stuck:
            return (
                .true, HealthyReason.failuresBelowThreshold,
                "\(consecutiveFailures) consecutive failed run(s), below failureThreshold \(threshold)"
            )
        case .succeeded, .pending, .running, .terminated, .duplicate:
            return (.true, HealthyReason.succeeded, "Job \(newest.jobName ?? "") succeeded")
        }
    }
}
