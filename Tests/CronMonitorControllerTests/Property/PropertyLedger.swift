import CronMonitorAPI
import CronMonitorController
import Foundation

/// What the oracles remember across the passes of one case, and the checks they make.
///
/// Oracles:
/// - counted once: every Job that was a target in some pass is one run, whatever it is
///   (manual, a duplicate of a slot, being deleted), as `trackRuns` records one run record per
///   target Job UID; so `totals.runs` equals the number of distinct target UIDs so far. Each
///   run ends at most one way, so `succeeded + failed + stuck + duplicates <= runs`.
///   `status.daily` counts each run once too: while it holds fewer than 90 days (none was ever
///   dropped), its `runs`, `succeeded`, `failed`, `missed` and `stuck` sum to the same fields of
///   `totals`; with 90 days, they sum to at most those.
/// - alerted once: per-run reasons (`RunFailed`, `RunStuck`, `RunTooShort`, `RunNotStarted`, `DuplicateRun`,
///   `OverlappingRuns`, `RunTerminated`) at most once per Job UID; `ScheduleMissed` at most
///   once per slot (the RFC 3339 slot in its note).
/// - bounded: `runs.count <= historyLimit`; `daily` at most 90 days, newest first, each with at
///   most 20 durations; the compact JSON status but its pending alerts at most 4 KiB + 1 KiB
///   per history record + 64 B per Job of the largest same-second burst of target Jobs + 256 B
///   per active target Job (its `activeRuns` entry) + 512 B per `daily` entry (a date, five
///   counts, a p95 and 20 durations of up to 7 digits: about 330 B); at most 500 pending alerts.
struct PropertyLedger {
    static let perRunReasons: Set<EventReason> = [
        .runFailed, .runStuck, .runTooShort, .runNotStarted, .duplicateRun, .overlappingRuns, .runTerminated,
    ]
    static let maxDays = 90
    static let maxDurationsPerDay = 20
    static let bytesPerDay = 512
    static let maxPendingAlerts = 500

    private(set) var everTargeted = Set<String>()
    private var failedTargets = Set<String>()
    private var alerts: [String: Int] = [:]
    private var missedSlots: [String: Int] = [:]
    private var runFailed: [String: Int] = [:]
    private var givenUpFailures = Set<String>()
    private var previousTotals: RunTotals?
    private var largestBurst = 0

    mutating func observe(targets: [JobProjection]) {
        for job in targets {
            everTargeted.insert(job.uid)
            if job.outcome?.result == .failed { failedTargets.insert(job.uid) }
        }
        let bursts = Dictionary(grouping: targets, by: \.created).values.map(\.count)
        largestBurst = max(largestBurst, bursts.max() ?? 0)
    }

    mutating func record(_ events: [PlannedEvent], pass: Int) -> [Violation] {
        var violations: [Violation] = []
        for event in events {
            if Self.perRunReasons.contains(event.reason) {
                guard let related = event.related else {
                    violations.append(
                        Violation(property: .alertedOnce, pass: pass, detail: "\(event.reason.rawValue) without a Job"))
                    continue
                }
                let key = "\(related.uid) \(event.reason.rawValue)"
                alerts[key, default: 0] += 1
                if event.reason == .runFailed { runFailed[related.uid, default: 0] += 1 }
                if alerts[key] == 2 {
                    violations.append(
                        Violation(
                            property: .alertedOnce, pass: pass,
                            detail: "\(event.reason.rawValue) for Job \(related.name) (\(related.uid)) a second time: "
                                + event.note))
                }
            } else if event.reason == .scheduleMissed {
                let slot = Self.slot(in: event.note)
                missedSlots[slot, default: 0] += 1
                if missedSlots[slot] == 2 {
                    violations.append(
                        Violation(property: .alertedOnce, pass: pass, detail: "ScheduleMissed for slot \(slot) a second time"))
                }
            }
        }
        return violations
    }

    /// Alerts the planner gave up (more than `maxPendingAlerts` waited while Events failed):
    /// reported at warning level by the reconciler, so not silent.
    mutating func gaveUp(_ alerts: [PendingAlert]) {
        for alert in alerts where alert.reason == EventReason.runFailed.rawValue {
            if let uid = alert.uid { givenUpFailures.insert(uid) }
        }
    }

    /// The RFC 3339 time after "slot " in a note, else the whole note.
    static func slot(in note: String) -> String {
        guard let range = note.range(of: "slot ") else { return note }
        return String(note[range.upperBound...].prefix(20))
    }

    /// Checks a written status. The encoded size is measured (costly) in the last pass, and
    /// whenever the history is over its limit.
    mutating func check(
        _ status: CronMonitorStatus, spec: CronMonitorSpec, targets: [JobProjection], pass: Int, last: Bool
    ) -> [Violation] {
        var violations: [Violation] = []
        let totals = status.totals ?? RunTotals()
        let runs = totals.runs ?? 0
        if runs != Int64(everTargeted.count) {
            violations.append(
                Violation(
                    property: .countedOnce, pass: pass,
                    detail: "totals.runs is \(runs) but \(everTargeted.count) distinct Jobs were targets"))
        }
        let ended = (totals.succeeded ?? 0) + (totals.failed ?? 0) + (totals.stuck ?? 0) + (totals.duplicates ?? 0)
        if ended > runs {
            violations.append(
                Violation(
                    property: .countedOnce, pass: pass,
                    detail: "succeeded + failed + stuck + duplicates = \(ended) exceeds totals.runs \(runs)"))
        }
        if let previous = previousTotals, let field = Self.decreased(from: previous, to: totals) {
            violations.append(Violation(property: .countedOnce, pass: pass, detail: "totals.\(field) decreased"))
        }
        previousTotals = totals
        violations += dailyViolations(status.daily ?? [], totals: totals, pass: pass)
        let limit = Int(spec.resolvedHistoryLimit)
        let records = status.runs?.count ?? 0
        if records > limit {
            violations.append(
                Violation(
                    property: .bounded, pass: pass, detail: "status.runs holds \(records) records, historyLimit is \(limit)"))
        }
        guard last || records > limit else { return violations }
        let active = targets.filter(\.isActive).count
        let days = status.daily?.count ?? 0
        let bound = 4_096 + 1_024 * limit + 64 * largestBurst + 256 * active + Self.bytesPerDay * days
        // Alerts wait for their Events in `pendingAlerts`, bounded by count (the CRD's maxItems).
        let pending = status.pendingAlerts?.count ?? 0
        if pending > Self.maxPendingAlerts {
            violations.append(
                Violation(
                    property: .bounded, pass: pass,
                    detail: "status.pendingAlerts holds \(pending) alerts, above \(Self.maxPendingAlerts)"))
        }
        var settled = status
        settled.pendingAlerts = nil
        let size = StatusDiff.encodedSize(settled)
        if size > bound {
            violations.append(
                Violation(
                    property: .bounded, pass: pass,
                    detail: "the status is \(size) B, above the bound \(bound) B (historyLimit \(limit), largest burst "
                        + "\(largestBurst), \(active) active, \(days) days)"))
        }
        return violations
    }

    /// `daily`: bounded, newest first, and counting what `totals` counts (see the type's doc).
    func dailyViolations(_ daily: [DailyRuns], totals: RunTotals, pass: Int) -> [Violation] {
        var violations: [Violation] = []
        if daily.count > Self.maxDays {
            violations.append(
                Violation(property: .bounded, pass: pass, detail: "status.daily holds \(daily.count) days"))
        }
        let dates = daily.map(\.date)
        if dates != dates.sorted(by: >) || Set(dates).count != dates.count {
            violations.append(
                Violation(property: .bounded, pass: pass, detail: "status.daily is not newest first: \(dates)"))
        }
        for day in daily {
            let longest = day.longestSeconds ?? []
            let finished = (day.succeeded ?? 0) + (day.failed ?? 0)
            if longest.count > Self.maxDurationsPerDay || Int64(longest.count) != min(finished, Int64(Self.maxDurationsPerDay))
                || longest != longest.sorted(by: >) || day.p95Seconds != DailyRuns.p95(finished: finished, longest: longest)
            {
                violations.append(
                    Violation(
                        property: .bounded, pass: pass,
                        detail: "status.daily \(day.date): \(finished) finished runs, durations \(longest), "
                            + "p95 \(day.p95Seconds.map(String.init) ?? "unset")"))
            }
        }
        let fields: [(String, KeyPath<DailyRuns, Int64?>, KeyPath<RunTotals, Int64?>)] = [
            ("runs", \.runs, \.runs), ("succeeded", \.succeeded, \.succeeded), ("failed", \.failed, \.failed),
            ("missed", \.missed, \.missed), ("stuck", \.stuck, \.stuck),
        ]
        for (name, day, total) in fields {
            let sum = daily.reduce(Int64(0)) { $0 + ($1[keyPath: day] ?? 0) }
            let counted = totals[keyPath: total] ?? 0
            let holds = daily.count < Self.maxDays ? sum == counted : sum <= counted
            if !holds {
                violations.append(
                    Violation(
                        property: .countedOnce, pass: pass,
                        detail: "status.daily's \(name) sum to \(sum) over \(daily.count) days, totals.\(name) is \(counted)"))
            }
        }
        return violations
    }

    static func decreased(from old: RunTotals, to new: RunTotals) -> String? {
        let fields: [(String, KeyPath<RunTotals, Int64?>)] = [
            ("runs", \.runs), ("succeeded", \.succeeded), ("failed", \.failed), ("missed", \.missed), ("stuck", \.stuck),
            ("overlaps", \.overlaps), ("duplicates", \.duplicates), ("purged", \.purged),
        ]
        return fields.first { (new[keyPath: $0.1] ?? 0) < (old[keyPath: $0.1] ?? 0) }?.0
    }

    /// At the end of a restricted case: every failed target Job was alerted (or, beyond the
    /// outbox's capacity, its alert given up with a warning).
    func finalViolations(restricted: Bool, pass: Int) -> [Violation] {
        guard restricted else { return [] }
        let silent = failedTargets.filter { (runFailed[$0] ?? 0) == 0 && !givenUpFailures.contains($0) }.sorted()
        guard !silent.isEmpty else { return [] }
        return [
            Violation(
                property: .failuresAlerted, pass: pass,
                detail: "failed target Job(s) never alerted RunFailed: \(silent.joined(separator: ", "))")
        ]
    }
}
