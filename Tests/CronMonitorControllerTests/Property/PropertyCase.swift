import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime

/// One generated planner case: a monitor (its spec at creation), its CronJob when it names one,
/// and a script of reconcile passes. Pure data, so that it can be shrunk and printed.
///
/// Realism precondition (`isRealistic`): a Job that appears for the first time in pass k > 0 was
/// created no earlier than every Job that appeared in an earlier pass (equal seconds allowed, and
/// common), and no later than the pass's `now` plus a small skew. This models the operator's
/// watch cache, which is always a consistent prefix of the API server's history: it cannot
/// learn of an old Job after it has seen a newer one. Jobs present in the first pass may have
/// been created at any time in the past; a Job that vanishes for a pass and re-appears keeps
/// its UID and creation time, which is always allowed.
struct PropertyCase: Sendable {
    static let namespace = "ops"
    static let clockSkew: TimeInterval = 5

    var spec: CronMonitorSpec
    var monitorCreated: Date
    var cronJob: CronJobProjection?
    var passes: [PassScript]
    /// The Pods of each Job by UID; a Job without a plan has no Pod. Nil: Pods are not watched.
    var podPlans: [String: PodPlan]? = nil

    /// All Jobs of the case, in the order they appear.
    var allJobs: [JobProjection] { passes.flatMap(\.added) }

    var isRealistic: Bool {
        guard !passes.isEmpty else { return false }
        var frontier: Date?
        var previousNow: Date?
        var uids = Set<String>()
        for (index, pass) in passes.enumerated() {
            if let previousNow, pass.now < previousNow { return false }
            previousNow = pass.now
            for job in pass.added {
                guard uids.insert(job.uid).inserted, job.created <= pass.now.addingTimeInterval(Self.clockSkew) else {
                    return false
                }
                if index > 0, let frontier, job.created < frontier { return false }
                if let finish = job.outcome?.finishTime, finish > pass.now { return false }
            }
            if pass.finished.contains(where: { ($0.outcome.finishTime ?? pass.now) > pass.now }) { return false }
            if let newest = pass.added.map(\.created).max() {
                frontier = max(frontier ?? newest, newest)
            }
        }
        return true
    }

    /// Every spec the monitor has during the case.
    var specs: [CronMonitorSpec] { [spec] + passes.compactMap(\.spec) }

    /// The restricted mode in which every failed run must be alerted: never suspended, a history
    /// that holds every Job, the monitor created before all Jobs, and none of the judgements
    /// that replace `RunFailed` by another alert (stuck runs, ended overlaps, duplicates of a
    /// slot) nor Jobs that vanish from the cache.
    var isRestricted: Bool {
        let jobs = allJobs
        let specsOK = specs.allSatisfy { spec in
            !spec.resolvedSuspend && Int(spec.resolvedHistoryLimit) >= jobs.count && spec.maxDurationSeconds == nil
                && spec.resolvedOnOverlap == .alert
        }
        guard specsOK, passes.allSatisfy({ $0.hidden.isEmpty }) else { return false }
        guard jobs.allSatisfy({ $0.created >= monitorCreated && ($0.startTime ?? $0.created) >= monitorCreated })
        else { return false }
        var slots = Set<Date>()
        for job in jobs where !job.isManual {
            // Jobs without a recorded slot serve one found from the schedule: they may share it.
            guard let slot = job.scheduledTime, slots.insert(slot).inserted else { return false }
        }
        return true
    }
}

/// What happens before one reconcile pass, and when it runs.
struct PassScript: Sendable {
    var now: Date
    /// Jobs that appear for the first time in this pass.
    var added: [JobProjection] = []
    /// Running Jobs that finished since the last pass.
    var finished: [JobFinish] = []
    /// Jobs deleted (by someone else) since the last pass.
    var deleted: [String] = []
    /// Jobs missing from the cache in this pass only (they come back in the next).
    var hidden: [String] = []
    /// Jobs whose deletion started (a deletion timestamp, finalizers pending).
    var beingDeleted: [String] = []
    /// The monitor's spec edited before this pass (its generation is bumped).
    var spec: CronMonitorSpec?
    /// The CronJob's `suspend` changed before this pass.
    var cronJobSuspend: Bool?
    /// No Event can be written in this pass (an API outage, a missing RBAC rule): the alerts
    /// stay pending. Never in the last pass of a case, whose alerts are all delivered.
    var eventsFail = false
    /// The Pod caches have not synced in this pass (a relist, RBAC denying Pods): no Pods known.
    var podsUnknown = false

    var isQuiet: Bool {
        added.isEmpty && finished.isEmpty && deleted.isEmpty && hidden.isEmpty && beingDeleted.isEmpty
            && spec == nil && cronJobSuspend == nil && !eventsFail && !podsUnknown
    }
}

/// A running Job's outcome, by UID.
struct JobFinish: Sendable, Equatable {
    var uid: String
    var outcome: JobOutcome
}
