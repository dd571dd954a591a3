import CronMonitorAPI
import Foundation
import KubeSim
import KubernetesClient
import KubernetesModel

/// The KubeSim child's side of `fleet`: installs the CronMonitor CRD and seeds the fleet straight
/// into the store (`ObjectStore.seed`: past creation times, finished statuses, one ADDED change
/// each, so no Job controller is involved); later makes the burst of finished Jobs.
struct FleetSeeder: Sendable {
    var store: ObjectStore
    var fixture: FleetFixture

    /// The CRD as shipped, found from this source file (the benchmark runs from its build tree).
    static let crdPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config/crd/bases/cronmonitor.io_cronmonitors.yaml")

    /// Creates the CronMonitor CRD in `store`; returns the resource type it serves.
    static func installCRD(into store: ObjectStore) throws -> ResourceType {
        let crd: Data
        do {
            crd = try Data(contentsOf: crdPath)
        } catch {
            throw BenchError.simulator("cannot read the CRD at \(crdPath.path): \(error)")
        }
        _ = try store.create(.customResourceDefinitions, namespace: nil, object: try YAMLParser.parse(crd))
        guard let monitors = store.resourceType(group: CronMonitor.group, version: CronMonitor.version, plural: CronMonitor.plural)
        else { throw BenchError.simulator("the CronMonitor CRD was created but is not served") }
        return monitors
    }

    func seed() throws {
        let monitors = try Self.installCRD(into: store)
        for index in 0..<min(fixture.namespaces, fixture.monitors) {
            _ = try store.create(.namespaces, namespace: nil, object: ["metadata": ["name": .string(fixture.namespace(ofMonitor: index))]])
        }
        let monitorsCreated = Date(timeIntervalSince1970: TimeInterval(fixture.monitorsCreated))
        for monitor in 0..<fixture.monitors {
            _ = try store.seed(
                monitors, namespace: fixture.namespace(ofMonitor: monitor), object: try fixture.monitor(monitor),
                createdAt: monitorsCreated)
        }
        // Round-robin, as Jobs of many schedules interleave in a real cluster.
        let rounds = (0..<fixture.monitors).map(fixture.historyCount(of:)).max() ?? 0
        for index in 0..<rounds {
            for monitor in 0..<fixture.monitors where index < fixture.historyCount(of: monitor) {
                try seed(fixture.historyRun(monitor: monitor, index: index), monitor: monitor)
            }
        }
    }

    /// Seeds `count` finished Jobs as fast as the store takes them; answers
    /// `burst <count> <wall seconds>`.
    func burst(count: Int, now: Int64) -> String {
        let started = Sample.now()
        do {
            for (monitor, run) in fixture.burstRuns(count: count, now: now) {
                try seed(run, monitor: monitor)
            }
        } catch {
            return "error burst: \(error)"
        }
        return "burst \(count) \(started.until(.now()).wall)"
    }

    private func seed(_ run: FleetFixture.Run, monitor: Int) throws(APIError) {
        let namespace = fixture.namespace(ofMonitor: monitor)
        let job = try store.seed(
            .jobs, namespace: namespace, object: fixture.job(run, monitor: monitor),
            createdAt: Date(timeIntervalSince1970: TimeInterval(run.created)))
        guard fixture.withPods, let uid = job["metadata"]?["uid"]?.stringValue else { return }
        _ = try store.seed(
            .pods, namespace: namespace, object: fixture.pod(run, monitor: monitor, jobUID: uid),
            createdAt: Date(timeIntervalSince1970: TimeInterval(run.start)))
    }
}
