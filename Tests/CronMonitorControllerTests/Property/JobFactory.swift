import CronMonitorController
import Foundation
import KubernetesRuntime

/// Makes the Jobs of one generated case: bursts created in the same second, odd and missing
/// times, every outcome, manual runs, Jobs of other owners, colliding slots.
struct JobFactory {
    static let owner = JobProjection.Owner(name: "backup", uid: "cj-1")
    static let labels = ["app": "etl"]
    static let failureReasons = ["BackoffLimitExceeded", "DeadlineExceeded", "PodFailurePolicy"]

    let bySelector: Bool
    /// No colliding slots, no start before the monitor existed (see `PropertyCase.isRestricted`).
    let restricted: Bool
    /// Exploration profile: no two Jobs share a creation second or a slot (so that bugs hidden
    /// behind same-second bursts show).
    let distinct: Bool
    /// The schedule's slots around the case (ascending).
    let slots: [Date]
    /// Nothing is created or started before this (restricted mode), else `.distantPast`.
    let floor: Date
    var made = 0
    var usedSlots = Set<Date>()

    /// A burst: 1 Job mostly, sometimes a few, sometimes many more than a small history holds,
    /// all created in the same second.
    mutating func burst(created: Date, now: Date, random: inout SplitMix64) -> [JobProjection] {
        let few = random.int(2...4)
        let many = random.int(5...25)
        let size = distinct ? 1 : random.weighted([(65, 1), (20, few), (15, many)])
        let slot = SlotTable.latest(in: slots, atOrBefore: created).flatMap {
            created.timeIntervalSince($0) < 86_400 ? $0 : nil
        }
        return (0..<size).map { position in
            job(created: created, slot: slot, first: position == 0, now: now, random: &random)
        }
    }

    mutating func job(created: Date, slot: Date?, first: Bool, now: Date, random: inout SplitMix64) -> JobProjection {
        let index = made
        made += 1
        let suffix = index < 10 ? "0\(index)" : "\(index)"
        var job = JobProjection(
            key: ObjectKey(namespace: PropertyCase.namespace, name: "job-\(suffix)"), uid: "uid-\(suffix)",
            created: created)
        identify(&job, slot: slot, first: first, random: &random)
        let soon = created.addingTimeInterval(TimeInterval(random.int(1...5)))
        let early = restricted || distinct ? created : created.addingTimeInterval(-TimeInterval(random.int(1...30)))
        let late = created.addingTimeInterval(TimeInterval(random.int(60...600)))
        job.startTime = random.weighted([(10, nil), (35, created), (40, soon), (8, early), (7, late)])
        if random.chance(0.1) { job.activeDeadlineSeconds = Int64(random.pick([60, 300, 3_600])) }
        if random.chance(0.04) { job.isBeingDeleted = true }
        let elapsed = now.timeIntervalSince(job.effectiveStart)
        if elapsed > 0, random.chance(0.65) {
            job.outcome = Self.outcome(of: job, between: job.effectiveStart, and: now, random: &random)
        }
        return job
    }

    /// Owner, labels and slot.
    private mutating func identify(_ job: inout JobProjection, slot: Date?, first: Bool, random: inout SplitMix64) {
        if bySelector {
            job.labels = random.chance(0.92) ? Self.labels : ["app": "web"]
            if random.chance(0.2) { job.labels["team"] = "data" }
        } else {
            job.cronJobOwner = random.weighted([
                (93, Self.owner), (4, JobProjection.Owner(name: "report", uid: "cj-2")),
                (3, JobProjection.Owner(name: "backup", uid: "cj-0")),
            ])
        }
        if restricted || distinct {
            // One run per slot: the first Job of a burst takes the slot, the others are manual.
            let slotOfJob = bySelector ? job.created : slot
            if first, let slotOfJob, usedSlots.insert(slotOfJob).inserted {
                job.scheduledTime = bySelector ? nil : slotOfJob
            } else {
                job.isManual = true
            }
            return
        }
        switch random.weighted([(70, 0), (15, 1), (10, 2), (5, 3)]) {
        case 0: job.scheduledTime = bySelector ? nil : slot
        case 1: job.scheduledTime = nil
        case 2: job.isManual = true
        default:
            // A restarted scheduler catching up on an older slot (or a manual re-run of one).
            let older = slots.filter { $0 < job.created }.suffix(6)
            job.scheduledTime = older.isEmpty ? slot : random.pick(Array(older))
        }
    }

    /// A finish between `earliest` and `latest`, often in the same second it started, sometimes
    /// without a finish time (a failure without `completionTime`).
    static func outcome(
        of job: JobProjection, between earliest: Date, and latest: Date, random: inout SplitMix64
    ) -> JobOutcome {
        let low = max(earliest, job.created, job.effectiveStart)
        let span = max(0, Int(latest.timeIntervalSince(low)))
        let short = min(span, random.int(0...60))
        let any = random.int(0...span)
        let offset = random.weighted([(20, 0), (40, short), (40, any)])
        let finish = low.addingTimeInterval(TimeInterval(offset))
        let finishTime: Date? = random.chance(0.15) ? nil : finish
        if random.chance(0.6) {
            return JobOutcome(result: .succeeded, finishTime: finishTime)
        }
        let reason = random.pick(failureReasons)
        return JobOutcome(result: .failed, reason: reason, message: "\(reason) happened", finishTime: finishTime)
    }
}
