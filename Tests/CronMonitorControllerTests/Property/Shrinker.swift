import CronMonitorAPI
import CronMonitorController
import Foundation

/// Greedy shrinking of a failing case: keep taking the first smaller or simpler variant that
/// still violates the same property (and is still realistic), until none does or the budget of
/// runs is spent. Variants, roughly largest first: fewer passes, fewer Jobs, fewer happenings
/// between passes, a simpler spec, simpler Jobs, less time between passes.
struct Shrinker {
    let property: PlannerProperty
    private(set) var runs = 0
    let budget: Int

    init(property: PlannerProperty, budget: Int = 2_000) {
        self.property = property
        self.budget = budget
    }

    func violation(of testCase: PropertyCase, detailed: Bool = false) -> Violation? {
        guard testCase.isRealistic else { return nil }
        return PassDriver.run(testCase, detailed: detailed).first { $0.property == property }
    }

    mutating func shrink(_ testCase: PropertyCase) -> PropertyCase {
        var current = testCase
        var progress = true
        while progress, runs < budget {
            progress = false
            for candidate in Self.candidates(of: current) where runs < budget {
                runs += 1
                if violation(of: candidate) != nil {
                    current = candidate
                    progress = true
                    break
                }
            }
        }
        return current
    }

    static func candidates(of testCase: PropertyCase) -> [PropertyCase] {
        fewerPasses(testCase) + simplerSpecs(testCase) + fewerJobs(testCase) + quieterPasses(testCase)
            + simplerJobs(testCase) + shorterWaits(testCase)
    }

    static func fewerPasses(_ testCase: PropertyCase) -> [PropertyCase] {
        let passes = testCase.passes
        var candidates: [PropertyCase] = []
        for count in stride(from: passes.count - 1, through: 1, by: -1) {
            var shorter = testCase
            shorter.passes = Array(passes.prefix(count))
            candidates.append(shorter)
        }
        for index in passes.indices where passes.count > 1 {
            var without = testCase
            without.passes.remove(at: index)
            candidates.append(without)
            guard index + 1 < passes.count else { continue }
            // Fold this pass into the next one.
            var merged = testCase
            let this = passes[index]
            var next = passes[index + 1]
            next.added = this.added + next.added
            next.finished = this.finished + next.finished
            next.deleted = this.deleted + next.deleted
            next.beingDeleted = this.beingDeleted + next.beingDeleted
            next.spec = next.spec ?? this.spec
            next.cronJobSuspend = next.cronJobSuspend ?? this.cronJobSuspend
            next.eventsFail = next.eventsFail || this.eventsFail
            next.podsUnknown = next.podsUnknown || this.podsUnknown
            merged.passes[index + 1] = next
            merged.passes.remove(at: index)
            candidates.append(merged)
        }
        return candidates
    }

    /// Without some Jobs: halves, quarters, ... down to single Jobs.
    static func fewerJobs(_ testCase: PropertyCase) -> [PropertyCase] {
        let uids = testCase.allJobs.map(\.uid)
        var candidates: [PropertyCase] = []
        var size = max(1, uids.count / 2)
        while true {
            for start in stride(from: 0, to: uids.count, by: size) {
                candidates.append(removing(Set(uids[start..<min(uids.count, start + size)]), from: testCase))
            }
            if size == 1 { break }
            size = max(1, size / 2)
        }
        return candidates
    }

    static func removing(_ uids: Set<String>, from testCase: PropertyCase) -> PropertyCase {
        var smaller = testCase
        for index in smaller.passes.indices {
            smaller.passes[index].added.removeAll { uids.contains($0.uid) }
            smaller.passes[index].finished.removeAll { uids.contains($0.uid) }
            smaller.passes[index].deleted.removeAll { uids.contains($0) }
            smaller.passes[index].hidden.removeAll { uids.contains($0) }
            smaller.passes[index].beingDeleted.removeAll { uids.contains($0) }
        }
        return smaller
    }

    static func quieterPasses(_ testCase: PropertyCase) -> [PropertyCase] {
        var candidates: [PropertyCase] = []
        let edits: [(inout PassScript) -> Bool] = [
            { pass in defer { pass.hidden = [] }; return !pass.hidden.isEmpty },
            { pass in defer { pass.deleted = [] }; return !pass.deleted.isEmpty },
            { pass in defer { pass.beingDeleted = [] }; return !pass.beingDeleted.isEmpty },
            { pass in defer { pass.finished = [] }; return !pass.finished.isEmpty },
            { pass in defer { pass.spec = nil }; return pass.spec != nil },
            { pass in defer { pass.cronJobSuspend = nil }; return pass.cronJobSuspend != nil },
            { pass in defer { pass.eventsFail = false }; return pass.eventsFail },
            { pass in defer { pass.podsUnknown = false }; return pass.podsUnknown },
        ]
        for index in testCase.passes.indices {
            for edit in edits {
                var quieter = testCase
                if edit(&quieter.passes[index]) { candidates.append(quieter) }
            }
        }
        return candidates
    }

    static func simplerSpecs(_ testCase: PropertyCase) -> [PropertyCase] {
        var candidates = simpler(testCase.spec).map { spec in
            var simpler = testCase
            simpler.spec = spec
            return simpler
        }
        for index in testCase.passes.indices {
            guard let edit = testCase.passes[index].spec else { continue }
            for spec in simpler(edit) {
                var simplerCase = testCase
                simplerCase.passes[index].spec = spec
                candidates.append(simplerCase)
            }
        }
        if let cronJob = testCase.cronJob, cronJob.suspend || cronJob.forbidsConcurrency || cronJob.timeZone != nil {
            var plain = testCase
            plain.cronJob?.suspend = false
            plain.cronJob?.forbidsConcurrency = false
            plain.cronJob?.timeZone = nil
            candidates.append(plain)
        }
        return candidates
    }

    static func simpler(_ spec: CronMonitorSpec) -> [CronMonitorSpec] {
        var variants: [CronMonitorSpec] = []
        func variant(_ applies: Bool, _ edit: (inout CronMonitorSpec) -> Void) {
            guard applies else { return }
            var changed = spec
            edit(&changed)
            variants.append(changed)
        }
        variant(spec.retention != nil) { $0.retention = nil }
        variant(spec.maxDurationSeconds != nil) {
            $0.maxDurationSeconds = nil
            $0.onStuck = nil
        }
        variant(spec.onStuck != nil && spec.maxDurationSeconds != nil) { $0.onStuck = nil }
        variant(spec.minDurationSeconds != nil) { $0.minDurationSeconds = nil }
        variant(spec.onOverlap != nil) { $0.onOverlap = nil }
        variant(spec.failureThreshold != nil) { $0.failureThreshold = nil }
        variant(spec.startGraceSeconds != nil) { $0.startGraceSeconds = nil }
        variant(spec.suspend != nil) { $0.suspend = nil }
        variant(spec.timeZone != nil && spec.cronJobName != nil) { $0.timeZone = nil }
        let limit = spec.resolvedHistoryLimit
        for smaller in [1, 2, 3, 5, limit / 2] as [Int32] where smaller >= 1 && smaller < limit {
            variant(true) { $0.historyLimit = smaller }
        }
        return variants
    }

    static func simplerJobs(_ testCase: PropertyCase) -> [PropertyCase] {
        var candidates: [PropertyCase] = []
        for (passIndex, pass) in testCase.passes.enumerated() {
            for (jobIndex, job) in pass.added.enumerated() {
                for simpler in simpler(job) {
                    var changed = testCase
                    changed.passes[passIndex].added[jobIndex] = simpler
                    candidates.append(changed)
                }
            }
        }
        return candidates
    }

    static func simpler(_ job: JobProjection) -> [JobProjection] {
        var variants: [JobProjection] = []
        func variant(_ applies: Bool, _ edit: (inout JobProjection) -> Void) {
            guard applies else { return }
            var changed = job
            edit(&changed)
            variants.append(changed)
        }
        variant(job.startTime != nil) { $0.startTime = nil }
        variant(job.activeDeadlineSeconds != nil) { $0.activeDeadlineSeconds = nil }
        variant(job.isBeingDeleted) { $0.isBeingDeleted = false }
        variant(job.labels.count > 1) { $0.labels = JobFactory.labels }
        variant(job.outcome?.message != nil) { $0.outcome?.message = nil }
        variant(job.outcome != nil && job.outcome?.finishTime != job.effectiveStart) {
            let start = $0.effectiveStart
            $0.outcome?.finishTime = start
        }
        return variants
    }

    /// A pass right after the one before it.
    static func shorterWaits(_ testCase: PropertyCase) -> [PropertyCase] {
        var candidates: [PropertyCase] = []
        for index in testCase.passes.indices.dropFirst() {
            let previous = testCase.passes[index - 1].now
            let wait = testCase.passes[index].now.timeIntervalSince(previous)
            guard wait > 0 else { continue }
            for shorter in [0, (wait / 2).rounded(.down)] where shorter < wait {
                var changed = testCase
                changed.passes[index].now = previous.addingTimeInterval(shorter)
                candidates.append(changed)
            }
        }
        return candidates
    }
}
