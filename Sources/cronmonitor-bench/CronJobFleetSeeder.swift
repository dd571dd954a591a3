import Foundation
import KubeSim
import KubernetesModel

/// The KubeSim child's side of `latency` and `startup`: the CRD, the namespaces (and `failover`'s,
/// where the operator's Lease lives), every CronJob, its monitor and its Jobs, straight into the
/// store with `ObjectStore.seed` (given creation times, statuses kept, one ADDED change each);
/// later (`latency`) the finishing of the running Jobs.
struct CronJobFleetSeeder: Sendable {
    var store: ObjectStore
    var fleet: CronJobFleet

    /// One finished Job: the monitor whose running Job it was, whether it failed, and when
    /// KubeSim's store was asked to record the finish (`MonotonicTime`).
    struct Finish: Sendable {
        var monitor: Int
        var failed: Bool
        var at: Int64
    }

    func seed() throws {
        let monitors = try FleetSeeder.installCRD(into: store)
        let namespaces = (0..<min(fleet.namespaces, fleet.monitors)).map(fleet.namespace(ofMonitor:)) + [FailoverFixture.namespace]
        for namespace in namespaces {
            _ = try store.create(.namespaces, namespace: nil, object: ["metadata": ["name": .string(namespace)]])
        }
        var cronJobUIDs: [String] = []
        cronJobUIDs.reserveCapacity(fleet.monitors)
        for monitor in 0..<fleet.monitors {
            let namespace = fleet.namespace(ofMonitor: monitor)
            let cronJob = try store.seed(
                .cronJobs, namespace: namespace, object: fleet.cronJob(monitor),
                createdAt: Date(timeIntervalSince1970: TimeInterval(fleet.cronJobsCreated)))
            guard let uid = cronJob["metadata"]?["uid"]?.stringValue else {
                throw BenchError.simulator("the seeded CronJob \(fleet.cronJobName(monitor)) has no uid")
            }
            cronJobUIDs.append(uid)
            _ = try store.seed(
                monitors, namespace: namespace, object: try fleet.monitor(monitor),
                createdAt: Date(timeIntervalSince1970: TimeInterval(fleet.monitorsCreated)))
        }
        // Round-robin, as Jobs of many CronJobs interleave in a real cluster.
        let rounds = (0..<fleet.monitors).map(fleet.jobCount(of:)).max() ?? 0
        for index in 0..<rounds {
            for monitor in 0..<fleet.monitors where index < fleet.jobCount(of: monitor) {
                try seedJob(monitor: monitor, index: index, cronJobUID: cronJobUIDs[monitor])
            }
        }
    }

    private func seedJob(monitor: Int, index: Int, cronJobUID: String) throws(APIError) {
        let created: Int64
        let status: JSONValue
        if fleet.running, index == fleet.runningIndex(of: monitor) {
            created = fleet.runningStart(of: monitor)
            status = CronJobFleet.runningStatus(start: created)
        } else {
            let run = fleet.historyRun(monitor: monitor, index: index)
            created = run.created
            status = CronJobFleet.finishedStatus(start: run.start, finish: run.finish, failure: run.failure)
        }
        _ = try store.seed(
            .jobs, namespace: fleet.namespace(ofMonitor: monitor),
            object: fleet.job(monitor: monitor, index: index, cronJobUID: cronJobUID, status: status),
            createdAt: Date(timeIntervalSince1970: TimeInterval(created)))
    }

    /// Finishes the running Jobs of monitors 0, 1, … `count` - 1 at `rate` a second (a merge
    /// patch of `status`, as the Job controller writes it), one in ten failed; blocks the calling
    /// thread until done. A finish is stamped just before its patch is applied.
    func finish(count: Int, rate: Int) throws -> [Finish] {
        let encoder = JSONEncoder()
        var finishes: [Finish] = []
        finishes.reserveCapacity(count)
        let begin = MonotonicTime.now()
        for monitor in 0..<count {
            let due = begin + Int64(monitor) * 1_000_000_000 / Int64(rate)
            let wait = due - MonotonicTime.now()
            if wait > 0 { Thread.sleep(forTimeInterval: Double(wait) / 1e9) }
            let failed = CronJobFleet.failsAtFinish(monitor)
            let status = CronJobFleet.finishedStatus(
                start: fleet.runningStart(of: monitor), finish: Int64(Date().timeIntervalSince1970),
                failure: failed ? "BackoffLimitExceeded" : nil)
            let body = Array(try encoder.encode(["status": status] as JSONValue))
            let at = MonotonicTime.now()
            _ = try store.patch(
                .jobs, namespace: fleet.namespace(ofMonitor: monitor),
                name: fleet.jobName(monitor: monitor, index: fleet.runningIndex(of: monitor)), type: .merge, body: body,
                subresource: .status)
            finishes.append(Finish(monitor: monitor, failed: failed, at: at))
        }
        return finishes
    }
}
