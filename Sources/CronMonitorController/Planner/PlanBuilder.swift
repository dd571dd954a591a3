import CronMonitorAPI
import Foundation
import KubernetesModel

/// One planning pass over a resolved monitor. Works on a copy of the previous status; every
/// judgement is recorded in the run history, and its alert in the outbox, before it is alerted,
/// so planning again from the written status finds nothing new.
struct PlanBuilder {
    let input: PlanInput
    let target: ResolvedTarget
    let spec: CronMonitorSpec
    let now: Date
    /// Slots and runs before the monitor existed are recorded but never alerted.
    let monitorCreated: Date
    /// `spec.suspend`: record runs, judge and alert nothing.
    let suspended: Bool
    let previousStatus: CronMonitorStatus

    var status: CronMonitorStatus
    var records: [RunRecord]
    var totals: RunTotals
    var consecutiveFailures: Int32
    /// The Jobs counted although `records` no longer holds them.
    var ledger: CountLedger
    /// `status.daily`, counted where `totals` is.
    var daily: DailyLedger
    /// The slot each Job serves, by UID (none for manual runs and Jobs outside every slot's grace).
    let slots: [String: Date]
    /// Notices (`Recovered`): emitted once the status that motivates them is written.
    var events: [PlannedEvent] = []
    /// The alerts decided and not yet delivered (`status.pendingAlerts`).
    var outbox: AlertOutbox
    var givenUpAlerts: [PendingAlert] = []
    var jobsToEnd: [JobTermination] = []
    var jobsToDelete: [JobReference] = []
    /// The earliest moment something becomes due (a slot's grace ends, a run turns stuck, a
    /// finished Job ages out).
    var wakeUp: Date?
    /// Runs that reached a final judgement in this pass, to advance the failure streak in order.
    var finalized: [(time: Date, failure: Bool)] = []
    /// Jobs whose runs this pass judged (not below the history watermark).
    var trackedJobs: [JobProjection] = []

    init(input: PlanInput, target: ResolvedTarget, status: CronMonitorStatus) {
        self.input = input
        self.target = target
        self.spec = input.monitor.spec
        self.now = input.now
        self.monitorCreated = input.monitor.metadata.creationTimestamp?.date ?? Date(timeIntervalSince1970: 0)
        self.suspended = input.monitor.spec.resolvedSuspend
        self.previousStatus = input.monitor.status ?? CronMonitorStatus()
        self.status = status
        self.records = status.runs ?? []
        self.totals = status.totals ?? RunTotals()
        self.consecutiveFailures = status.consecutiveFailures ?? 0
        self.ledger = CountLedger(status.countedJobs)
        self.daily = DailyLedger(status.daily, schedule: target.schedule)
        self.outbox = AlertOutbox(status)
        var slots: [String: Date] = [:]
        for job in input.jobs {
            slots[job.uid] = target.slot(of: job)
        }
        self.slots = slots
    }

    /// The slot `job` serves (see `ResolvedTarget.slot(of:)`).
    func slot(of job: JobProjection) -> Date? { slots[job.uid] }

    /// The time that places a run in `status.daily`: its slot, else its Job's creation (both
    /// fixed for the life of the Job).
    func dayTime(of job: JobProjection) -> Date { slot(of: job) ?? job.created }

    mutating func build() {
        trackRuns()
        judgeOverlaps()
        judgeMissedSlots()
        planRetention()
        summarize()
    }

    var plan: Plan {
        Plan(
            status: status, events: outbox.events + events, jobsToEnd: jobsToEnd, jobsToDelete: jobsToDelete,
            requeueAfter: wakeUp.map { max(0, $0.timeIntervalSince(now)) }, givenUpAlerts: givenUpAlerts)
    }

    /// Wake up one second after `date`, when whatever is due at `date` is certainly due.
    mutating func wake(at date: Date) {
        let due = date.addingTimeInterval(1)
        wakeUp = wakeUp.map { min($0, due) } ?? due
    }

    /// Records that `reason` was decided for the run at `index`: into the outbox, whose Event
    /// the reconciler writes after the status (see `AlertOutbox`); straight into the run's
    /// `alerted` list when monitoring is suspended or the incident predates the monitor (decided,
    /// never emitted). Each reason is decided once per run. Returns whether it was new.
    @discardableResult
    mutating func alert(
        _ reason: EventReason, run index: Int, at incident: Date, note: String, related: JobReference?
    ) -> Bool {
        guard !(records[index].alerted ?? []).contains(reason.rawValue) else { return false }
        let uid = records[index].uid.flatMap { $0.isEmpty ? nil : $0 }
        let pending = PendingAlert(
            reason: reason.rawValue, note: note, jobName: related?.name, uid: uid,
            scheduledTime: records[index].scheduledTime)
        guard !outbox.contains(pending) else { return false }
        if !suspended, incident >= monitorCreated {
            outbox.add(pending)
        } else {
            records[index].alerted = (records[index].alerted ?? []) + [reason.rawValue]
        }
        return true
    }

    /// Moves the alerts whose Events were delivered into their runs (before the history is
    /// trimmed, so a delivered alert always finds its run).
    mutating func settleAlerts() {
        outbox.settle(delivered: input.delivered, records: &records)
    }

    /// Puts the outbox into the trimmed status (see `AlertOutbox.giveUp`).
    mutating func storeAlerts() {
        givenUpAlerts = outbox.giveUp(keeping: status.runs ?? [])
        status.pendingAlerts = outbox.status
    }
}

extension Date {
    /// RFC 3339 in UTC, whole seconds: how times appear in notes and messages.
    var rfc3339: String { Time(self).description }
}

extension RunRecord {
    /// Where the record sits in the history: its slot, else its start.
    var sortTime: Date {
        scheduledTime?.date ?? startTime?.date ?? Date(timeIntervalSince1970: 0)
    }

    var isFinalFailure: Bool { result == .failed || result == .stuck }
}

extension RunResult {
    /// The run has not ended: its Job is pending or running.
    var isActive: Bool { self == .pending || self == .running }
}
