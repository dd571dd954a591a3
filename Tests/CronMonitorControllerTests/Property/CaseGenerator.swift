import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime

/// Generates one `PropertyCase` from a seed: a monitor of a CronJob or of a selector, its Jobs,
/// and 1–10 passes between which the clock moves, Jobs finish, vanish, come back, are deleted
/// and are created, and the spec changes. Every case satisfies `PropertyCase.isRealistic`.
struct CaseGenerator {
    static let maxJobs = 60
    static let maxRestrictedJobs = 40

    /// Exploration profiles, to look past a bug that shows in most cases.
    struct Profile: Sendable {
        /// No two Jobs share a creation second or a slot (see `JobFactory.distinct`).
        var distinct = false
        /// A history that holds every run and missed slot: `historyLimit` 100, at most 40 Jobs,
        /// hourly or rarer schedules, at most a day or two of slots.
        var roomy = false

        /// From `PLANNER_PROPERTY_PROFILE`, e.g. `distinct`, `roomy` or `distinct,roomy`.
        static func named(_ names: String?) -> Profile {
            let names = Set((names ?? "").split(separator: ",").map(String.init))
            return Profile(distinct: names.contains("distinct"), roomy: names.contains("roomy"))
        }
    }

    private var random: SplitMix64
    private let distinct: Bool
    private let roomy: Bool

    init(seed: UInt64, profile: Profile = Profile()) {
        random = SplitMix64(seed: seed)
        distinct = profile.distinct
        roomy = profile.roomy
    }

    mutating func makeCase() -> PropertyCase {
        let restricted = random.chance(0.25)
        let epochIndex = random.int(0...SlotTable.epochs.count - 1)
        let shape = random.pick(roomy ? SlotTable.shapes.filter { !$0.text.hasPrefix("*/") } : SlotTable.shapes)
        let zone = random.pick(SlotTable.zones)
        let bySelector = random.chance(0.3)
        let firstNow = SlotTable.epochs[epochIndex].addingTimeInterval(-TimeInterval(random.int(0...129_600)))
        let span = TimeInterval(random.int(600...(roomy ? 86_400 : 259_200)))
        let beforeAll = firstNow.addingTimeInterval(-span - TimeInterval(random.int(1...3_600)))
        let amongJobs = firstNow.addingTimeInterval(-TimeInterval(random.int(0...Int(span))))
        let monitorCreated = restricted ? beforeAll : random.weighted([(45, beforeAll), (45, amongJobs), (10, firstNow)])
        var cronJob: CronJobProjection?
        if !bySelector {
            cronJob = CronJobProjection(
                key: ObjectKey(namespace: PropertyCase.namespace, name: JobFactory.owner.name), uid: JobFactory.owner.uid,
                created: firstNow.addingTimeInterval(-30 * 86_400), schedule: shape.text,
                timeZone: zone == "UTC" && random.chance(0.5) ? nil : zone, suspend: random.chance(0.1),
                forbidsConcurrency: random.chance(0.3))
        }
        var spec = makeSpec(restricted: restricted)
        if bySelector {
            spec.jobSelector = LabelSelector(matchLabels: JobFactory.labels)
            spec.schedule = shape.text
            spec.timeZone = zone == "UTC" && random.chance(0.5) ? nil : zone
        } else {
            spec.cronJobName = JobFactory.owner.name
        }
        var factory = JobFactory(
            bySelector: bySelector, restricted: restricted, distinct: distinct,
            slots: SlotTable.slots(shape, zone: zone, epoch: epochIndex),
            floor: restricted ? monitorCreated : .distantPast)
        var passes = makePasses(firstNow: firstNow, span: span, spec: spec, factory: &factory)
        var testCase = PropertyCase(spec: spec, monitorCreated: monitorCreated, cronJob: cronJob, passes: passes)
        if random.chance(0.6) {
            // The Pods of the Jobs: most start at once, some late or never; some Jobs count active
            // Pods the operator does not see; in some passes the Pod caches are not synced.
            var plans: [String: PodPlan] = [:]
            for pass in passes.indices {
                for job in passes[pass].added.indices {
                    if random.chance(0.85) { plans[passes[pass].added[job].uid] = PodPlan.random(&random) }
                    if random.chance(0.15) { passes[pass].added[job].reportsActivePods = true }
                }
                if random.chance(0.1) { passes[pass].podsUnknown = true }
            }
            testCase.passes = passes
            testCase.podPlans = plans
        }
        return testCase
    }

    private mutating func makeSpec(restricted: Bool) -> CronMonitorSpec {
        var spec = CronMonitorSpec()
        spec.historyLimit = restricted || roomy ? 100 : historyLimit()
        spec.startGraceSeconds = random.weighted([(40, nil), (10, 0), (15, 30), (20, 60), (15, 600)])
        if !restricted, random.chance(0.5) {
            spec.maxDurationSeconds = random.pick([60, 300, 3_600])
            spec.onStuck = random.pick([nil, .alert, .terminate, .terminate])
        }
        spec.onOverlap = restricted ? random.pick([nil, .alert]) : random.pick([nil, .alert, .terminateNewest])
        spec.failureThreshold = random.pick([nil, 1, 2, 3])
        if random.chance(0.4) { spec.retention = retention() }
        if !restricted { spec.suspend = random.weighted([(70, nil), (15, false), (15, true)]) }
        if random.chance(0.35) { spec.minDurationSeconds = random.pick([30, 600, 7_200]) }
        return spec
    }

    private mutating func historyLimit() -> Int32? {
        let any = Int32(random.int(1...100))
        let small = random.pick([1, 2, 3, 5] as [Int32])
        return random.weighted([(60, small), (15, 20), (5, 100), (10, any), (10, nil)])
    }

    private mutating func retention() -> RetentionPolicy {
        RetentionPolicy(
            keepSucceeded: random.pick([nil, 0, 1, 3]), keepFailed: random.pick([nil, 0, 1, 2]),
            maxAgeSeconds: random.pick([nil, 600, 3_600, 86_400]))
    }

    private mutating func makePasses(
        firstNow: Date, span: TimeInterval, spec: CronMonitorSpec, factory: inout JobFactory
    ) -> [PassScript] {
        let restricted = factory.restricted
        let cap = restricted || roomy ? Self.maxRestrictedJobs : Self.maxJobs
        let count = weighted([(35, 1...2), (45, 2...4), (15, 5...7), (5, 8...10)])
        var passes: [PassScript] = []
        var now = firstNow
        var known: [JobProjection] = []
        var newestCreated: Date?
        var spec = spec
        for index in 0..<count {
            var pass = PassScript(now: now)
            if index == 0 {
                let bursts = weighted([(20, 0...0), (50, 1...3), (22, 4...8), (8, 9...16)])
                var times = (0..<bursts).map { _ in now.addingTimeInterval(-TimeInterval(random.int(0...Int(span)))) }
                times.sort()
                if distinct {
                    times = Array(Set(times)).sorted()
                }
                for created in times where known.count < cap {
                    pass.added += factory.burst(created: max(created, factory.floor), now: now, random: &random)
                        .prefix(cap - known.count - pass.added.count)
                }
            } else {
                let previousNow = now
                now = now.addingTimeInterval(advance(from: now, epochLimit: firstNow.addingTimeInterval(5 * 86_400)))
                pass.now = now
                evolve(&pass, known: known, since: previousNow, restricted: restricted)
                let frontier = newestCreated ?? max(factory.floor, now.addingTimeInterval(-3_600))
                let bursts = random.weighted([(45, 0), (40, 1), (15, 2)])
                for _ in 0..<bursts where known.count + pass.added.count < cap {
                    var created = creation(after: max(frontier, factory.floor), now: now, slots: factory.slots)
                    if distinct {
                        let newest = (pass.added.map(\.created) + [newestCreated ?? .distantPast]).max() ?? frontier
                        created = max(created, newest.addingTimeInterval(1))
                        guard created <= now else { continue }
                    }
                    pass.added += factory.burst(created: created, now: now, random: &random)
                        .prefix(cap - known.count - pass.added.count)
                }
                if random.chance(restricted ? 0.05 : 0.12) {
                    spec = edited(spec, restricted: restricted)
                    pass.spec = spec
                }
                if random.chance(0.05) { pass.cronJobSuspend = random.chance(0.5) }
            }
            if index < count - 1, random.chance(0.15) { pass.eventsFail = true }
            known = apply(pass, to: known)
            if let newest = pass.added.map(\.created).max() {
                newestCreated = max(newestCreated ?? newest, newest)
            }
            passes.append(pass)
        }
        return passes
    }

    /// How far the clock moves: not at all, seconds, minutes, hours, days (staying within the
    /// slot table's window).
    private mutating func advance(from now: Date, epochLimit: Date) -> TimeInterval {
        let step = TimeInterval(
            weighted([
                (15, 0...0), (20, 1...10), (20, 11...300), (22, 300...5_400), (17, 7_200...43_200),
                (6, 86_400...172_800),
            ]))
        let tooFar = now.addingTimeInterval(step) > epochLimit || (roomy && step > 43_200)
        return tooFar ? TimeInterval(random.int(0...600)) : step
    }

    /// A creation time for a Job first seen at `now`: the same second as the newest Job seen
    /// so far, just after a slot, or anywhere up to now.
    private mutating func creation(after frontier: Date, now: Date, slots: [Date]) -> Date {
        let upper = max(frontier, now)
        let delay = TimeInterval(random.int(0...10))
        let afterSlot = SlotTable.latest(in: slots, atOrBefore: now)
            .map { min(upper, max(frontier, $0.addingTimeInterval(delay))) } ?? upper
        let between = frontier.addingTimeInterval(
            TimeInterval(random.int(0...max(0, Int(upper.timeIntervalSince(frontier))))))
        return random.weighted([(30, frontier), (40, afterSlot), (30, between)])
    }

    /// A number from one of the weighted ranges.
    private mutating func weighted(_ choices: [(weight: Int, range: ClosedRange<Int>)]) -> Int {
        let range = random.weighted(choices.map { ($0.weight, $0.range) })
        return random.int(range)
    }

    /// Running Jobs finish (or not), Jobs are deleted, vanish for this pass, start being deleted.
    private mutating func evolve(_ pass: inout PassScript, known: [JobProjection], since previousNow: Date, restricted: Bool) {
        for job in known {
            if job.outcome == nil, pass.now > previousNow, pass.now > job.effectiveStart, random.chance(0.35) {
                let outcome = JobFactory.outcome(of: job, between: previousNow, and: pass.now, random: &random)
                pass.finished.append(JobFinish(uid: job.uid, outcome: outcome))
            } else if random.chance(0.04) {
                pass.deleted.append(job.uid)
                continue
            }
            if !restricted, random.chance(0.05) {
                pass.hidden.append(job.uid)
            } else if !job.isBeingDeleted, random.chance(0.03) {
                pass.beingDeleted.append(job.uid)
            }
        }
    }

    /// The generator's view of the Jobs after `pass` (the planner may end more of them).
    private func apply(_ pass: PassScript, to known: [JobProjection]) -> [JobProjection] {
        let deleted = Set(pass.deleted)
        let finished = Dictionary(pass.finished.map { ($0.uid, $0.outcome) }, uniquingKeysWith: { first, _ in first })
        let beingDeleted = Set(pass.beingDeleted)
        return (known + pass.added).compactMap { job in
            guard !deleted.contains(job.uid) else { return nil }
            var job = job
            if job.outcome == nil, let outcome = finished[job.uid] { job.outcome = outcome }
            if beingDeleted.contains(job.uid) { job.isBeingDeleted = true }
            return job
        }
    }

    /// One spec edit: the history limit, suspension, the failure threshold, retention, the
    /// start grace, the stuck limit or the minimum duration.
    private mutating func edited(_ spec: CronMonitorSpec, restricted: Bool) -> CronMonitorSpec {
        var spec = spec
        switch random.int(restricted || roomy ? 2...4 : 0...6) {
        case 0: spec.historyLimit = historyLimit()
        case 1: spec.suspend = !spec.resolvedSuspend
        case 2: spec.failureThreshold = random.pick([nil, 1, 2, 3])
        case 3: spec.retention = random.chance(0.5) ? retention() : nil
        case 4: spec.startGraceSeconds = random.pick([nil, 0, 60, 600])
        case 5: spec.maxDurationSeconds = random.pick([nil, 60, 300, 3_600])
        default: spec.minDurationSeconds = random.pick([nil, 30, 600, 7_200])
        }
        return spec
    }
}
