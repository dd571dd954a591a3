import Foundation
import KubernetesModel
import Logging

/// A simulated Job controller (with the scheduler and the kubelet of its Pods): starts Jobs,
/// creates one Pod per run, and ends them after their scripted run time (`JobScript`) or their
/// `spec.activeDeadlineSeconds`, writing status through the store's status subresource so
/// resourceVersions and watch events are real. `tick(now:)` does one pass; `run()` calls it
/// every `interval` on the injected clock.
public struct JobSimulator: TickingController {
    public struct Configuration: Sendable {
        /// Time between passes of `run()`.
        public var interval: Duration
        /// Run time of a Job without the run-seconds annotation.
        public var defaultRunSeconds: Int
        /// Each run gets a Pod (off for benchmarks that only need Jobs).
        public var createsPods: Bool
        /// The node scheduled Pods run on.
        public var nodeName: String
        /// Component named in the Events it records.
        public var component: String

        public init(interval: Duration = .milliseconds(200), defaultRunSeconds: Int = 5, createsPods: Bool = true,
                    nodeName: String = "kubesim-node-1", component: String = "job-controller") {
            self.interval = interval
            self.defaultRunSeconds = defaultRunSeconds
            self.createsPods = createsPods
            self.nodeName = nodeName
            self.component = component
        }
    }

    public let store: ObjectStore
    public let configuration: Configuration
    public let clock: any Clock<Duration>
    public let now: @Sendable () -> Date
    let logger: Logger
    public var interval: Duration { configuration.interval }

    public init(store: ObjectStore, configuration: Configuration = Configuration(), clock: any Clock<Duration> = ContinuousClock(),
                now: @escaping @Sendable () -> Date = Date.init, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
        self.now = now
        self.logger = logger
    }

    /// One pass over every Job; returns the actions applied, keyed `namespace/name`.
    @discardableResult
    public func tick(now: Date) -> [String: JobAction] {
        let page: ObjectStore.ListPage
        do {
            page = try store.list(.jobs, namespace: nil)
        } catch {
            logger.error("cannot list jobs", metadata: ["error": "\(error)"])
            return [:]
        }
        var applied: [String: JobAction] = [:]
        for bytes in page.items {
            guard let job = try? JSONParser.parse(bytes), let name = job.metadataString("name"),
                  let namespace = job.metadataString("namespace") else { continue }
            let script: JobScript
            do {
                script = try JobScript(job: job, defaultRunSeconds: configuration.defaultRunSeconds)
            } catch {
                logger.warning("job annotation unreadable", metadata: [
                    "k8s.job.namespace": "\(namespace)", "k8s.job.name": "\(name)", "error": "\(error)",
                ])
                continue
            }
            let action = JobLifecycle.action(for: job, script: script, now: now)
            guard let status = JobLifecycle.status(after: action, current: job["status"], script: script, now: now) else { continue }
            // The Pod's state is written before the Job's status, as on a real cluster.
            if configuration.createsPods {
                carryOut(PodLifecycle.action(after: action, job: job, script: script), for: job, namespace: namespace, now: now)
            }
            if action == .start, !script.outcome.createsPod { recordFailedPodCreate(job: job, now: now) }
            var updated = job
            updated.set("status", status)
            do {
                _ = try store.update(.jobs, namespace: namespace, name: name, object: updated, subresource: .status)
                applied["\(namespace)/\(name)"] = action
            } catch {
                // A conflicting write (or a deletion) since the list: the next tick sees it.
                logger.debug("job status write lost", metadata: ["k8s.job.name": "\(name)", "error": "\(error)"])
            }
        }
        return applied
    }
}
