import CronMonitorAPI
import CronSchedule
import Foundation
import KubernetesModel

extension PlanBuilder {
    /// Every slot after the last judged one whose grace has passed and that no run claims
    /// becomes a `Missed` record, with the reason when it can be known. At most 100 slots per
    /// pass (as the CronJob controller); more are judged in the next pass, at once.
    mutating func judgeMissedSlots() {
        let schedule = target.schedule
        let judgedUntil = status.lastJudgedSlotTime?.date
        let from = max(target.judgeFrom, judgedUntil ?? target.judgeFrom)
        let horizon = now.addingTimeInterval(-target.startGrace)
        let slots = horizon > from ? schedule.slots(from: from, to: horizon) : CronSlots(times: [], limitReached: false)
        if let last = slots.times.last {
            status.lastJudgedSlotTime = Time(last)
        }
        if slots.limitReached {
            wake(at: now.addingTimeInterval(-1))
        } else if let next = schedule.next(after: max(from, slots.times.last ?? from)) {
            wake(at: next.addingTimeInterval(target.startGrace))
        }
        // A suspended monitor does not judge: its slots pass unrecorded.
        guard !suspended else { return }
        let claims = SlotClaims(jobs: input.jobs, records: records, grace: target.startGrace)
        for slot in slots.times where !claims.isClaimed(slot) {
            recordMissed(slot)
        }
    }

    private mutating func recordMissed(_ slot: Date) {
        let (reason, message) = whyMissed(slot)
        records.append(
            RunRecord(jobName: "", scheduledTime: Time(slot), result: .missed, reason: reason, message: message))
        totals.missed = (totals.missed ?? 0) + 1
        let position = records.count - 1
        if reason == Self.missedBecauseSuspended {
            // Expected: the CronJob is suspended. Recorded, never alerted.
            records[position].alerted = [EventReason.scheduleMissed.rawValue]
            return
        }
        alert(
            .scheduleMissed, run: position, at: slot,
            note: "no run started for slot \(slot.rfc3339) within \(Int64(target.startGrace))s: \(message)",
            related: nil)
    }

    static let missedBecauseSuspended = "Suspended"

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

/// Which slots have a run: Jobs with a recorded slot claim exactly it; Jobs without one (created
/// by another scheduler) claim a slot when created within its start grace; records of runs
/// whose Jobs are gone still claim theirs.
struct SlotClaims {
    private var exact: Set<Date> = []
    private var created: [Date] = []
    private let grace: TimeInterval

    init(jobs: [JobProjection], records: [RunRecord], grace: TimeInterval) {
        self.grace = grace
        for job in jobs where !job.isManual {
            if let scheduled = job.scheduledTime {
                exact.insert(scheduled)
            } else {
                created.append(job.created)
            }
        }
        for record in records where record.result != .missed && !(record.jobName ?? "").isEmpty {
            if let scheduled = record.scheduledTime?.date { exact.insert(scheduled) }
        }
        created.sort()
    }

    func isClaimed(_ slot: Date) -> Bool {
        if exact.contains(slot) { return true }
        let end = slot.addingTimeInterval(grace)
        // First creation at or after the slot.
        var low = 0
        var high = created.count
        while low < high {
            let middle = (low + high) / 2
            if created[middle] < slot { low = middle + 1 } else { high = middle }
        }
        return low < created.count && created[low] <= end
    }
}
