import CronMonitorAPI
import CronSchedule
import Foundation
import KubernetesModel

extension PlanBuilder {
    /// Every slot after the last judged one whose grace has passed and that no run claims
    /// becomes a `Missed` record, with the reason when it can be known. At most 100 slots per
    /// pass (as the CronJob controller); more are judged in the next pass, at once.
    mutating func judgeMissedSlots() {
        let judgedUntil = status.lastJudgedSlotTime?.date
        let from = max(target.judgeFrom, judgedUntil ?? target.judgeFrom)
        let horizon = now.addingTimeInterval(-target.startGrace)
        let due = horizon > from ? target.slots(from: from, to: horizon) : CronSlots(times: [], limitReached: false)
        if let last = due.times.last {
            status.lastJudgedSlotTime = Time(last)
        }
        if due.limitReached {
            wake(at: now.addingTimeInterval(-1))
        } else if let next = target.next(after: max(from, due.times.last ?? from)) {
            wake(at: next.addingTimeInterval(target.startGrace))
        }
        // A suspended monitor does not judge: its slots pass unrecorded.
        guard !suspended else { return }
        let claims = SlotClaims(slots: slots.values, records: records)
        for slot in due.times where !claims.isClaimed(slot) {
            recordMissed(slot)
        }
    }

    private mutating func recordMissed(_ slot: Date) {
        let (reason, message) = whyMissed(slot)
        records.append(
            RunRecord(jobName: "", scheduledTime: Time(slot), result: .missed, reason: reason, message: message))
        totals.missed = (totals.missed ?? 0) + 1
        daily.count(.missed, at: slot)
        let position = records.count - 1
        if reason == Self.missedBecauseSuspended {
            // Expected: the CronJob is suspended. Recorded, never alerted, not a failure.
            records[position].alerted = [EventReason.scheduleMissed.rawValue]
            return
        }
        // A missed slot is a failure of the streak from the moment its grace ended.
        finalized.append((Self.missedAt(slot, grace: target.startGrace), true))
        alert(
            .scheduleMissed, run: position, at: slot,
            note: "no run started for slot \(slot.rfc3339) within \(Int64(target.startGrace))s: \(message)",
            related: nil)
    }

    static let missedBecauseSuspended = "Suspended"

    /// When a slot became missed: its grace ended without a run. Where a missed slot sits among
    /// failures and successes in the streak, and its `lastFailureTime`.
    static func missedAt(_ slot: Date, grace: TimeInterval) -> Date { slot.addingTimeInterval(grace) }

    /// Whether a missed record is a failure (every miss but one of a suspended CronJob).
    static func isFailure(missed record: RunRecord) -> Bool {
        record.result == .missed && record.reason != missedBecauseSuspended
    }

    private func whyMissed(_ slot: Date) -> (String, String) {
        if let cronJob = input.cronJob {
            if cronJob.suspend {
                return (Self.missedBecauseSuspended, "the CronJob is suspended")
            }
            if cronJob.forbidsConcurrency,
                let blocker = input.jobs.first(where: { job in
                    job.effectiveStart < slot && (job.outcome.map { ($0.finishTime ?? now) > slot } ?? true)
                })
            {
                return (
                    "ForbidConcurrent",
                    "Job \(blocker.key.name) was still running and the CronJob's concurrencyPolicy is Forbid"
                )
            }
        }
        return ("NoJobCreated", "no Job was created for this slot")
    }
}

/// Which slots have a run: the slot each Job serves (see `ResolvedTarget.slot(of:)`), and the
/// slots of recorded runs whose Jobs are gone.
struct SlotClaims {
    private var claimed: Set<Date> = []

    init(slots: some Sequence<Date>, records: [RunRecord]) {
        claimed.formUnion(slots)
        for record in records where record.result != .missed && !(record.jobName ?? "").isEmpty {
            if let scheduled = record.scheduledTime?.date { claimed.insert(scheduled) }
        }
    }

    func isClaimed(_ slot: Date) -> Bool { claimed.contains(slot) }
}
