import Foundation
import KubernetesModel
import Logging

/// A simulated CronJob controller: each `tick(now:)` plans every CronJob with `CronJobPlanner`
/// and carries the plan out through the store (Jobs created and deleted with Background
/// propagation, status written through the status subresource, Events recorded), so watchers see
/// what a real cluster would show. `run()` ticks every `interval` on the injected clock.
public struct CronJobSimulator: TickingController {
    public struct Configuration: Sendable {
        /// Time between passes of `run()`.
        public var interval: Duration
        /// Component named in the Events it records.
        public var component: String

        public init(interval: Duration = .milliseconds(500), component: String = "cronjob-controller") {
            self.interval = interval
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

    /// One pass over every CronJob; returns the plans carried out, keyed `namespace/name`.
    @discardableResult
    public func tick(now: Date) -> [String: CronJobPlan] {
        let cronJobs: [JSONValue]
        var jobs: [JSONValue] = []
        do {
            cronJobs = try store.list(.cronJobs, namespace: nil).items.compactMap { try? JSONParser.parse($0) }
            // Only the namespaces holding CronJobs can hold Jobs they own: decode just those.
            for namespace in Set(cronJobs.compactMap { $0.metadataString("namespace") }) {
                jobs += try store.list(.jobs, namespace: namespace).items.compactMap { try? JSONParser.parse($0) }
            }
        } catch {
            logger.error("cannot list cronjobs or jobs", metadata: ["error": "\(error)"])
            return [:]
        }
        var owned: [String: [JSONValue]] = [:]
        for job in jobs {
            let controller = (job["metadata"]?["ownerReferences"]?.arrayValue ?? []).first {
                $0["controller"]?.boolValue == true && $0["kind"]?.stringValue == "CronJob"
            }
            if let uid = controller?["uid"]?.stringValue { owned[uid, default: []].append(job) }
        }
        var applied: [String: CronJobPlan] = [:]
        for cronJob in cronJobs {
            guard let name = cronJob.metadataString("name"), let namespace = cronJob.metadataString("namespace") else { continue }
            let plan = CronJobPlanner.plan(cronJob: cronJob, jobs: owned[cronJob.metadataString("uid") ?? ""] ?? [], now: now)
            apply(plan, to: cronJob, namespace: namespace, name: name, now: now)
            applied["\(namespace)/\(name)"] = plan
        }
        return applied
    }

    func apply(_ plan: CronJobPlan, to cronJob: JSONValue, namespace: String, name: String, now: Date) {
        let recorder = EventRecorder(store: store, component: configuration.component, logger: logger)
        var events = plan.events
        var status = plan.status
        var statusChanged = plan.statusChanged
        for jobName in plan.replace where deleteJob(jobName, namespace: namespace) {
            events.append(ControllerEvent(.normal, reason: "SuccessfulDelete", message: "Deleted job \(jobName)"))
        }
        if let create = plan.create {
            let outcome = createJob(create, cronJob: cronJob, namespace: namespace)
            switch outcome {
            case .created(let job), .adopted(let job):
                var active = CronJobPlanner.activeList(status)
                active.append(.object([
                    "kind": .string("Job"), "apiVersion": .string("batch/v1"), "namespace": .string(namespace),
                    "name": job["metadata"]?["name"] ?? .string(""), "uid": job["metadata"]?["uid"] ?? .string(""),
                    "resourceVersion": job["metadata"]?["resourceVersion"] ?? .string(""),
                ]))
                status.set("active", .array(active))
                status.set("lastScheduleTime", .string(Timestamps.rfc3339(create.scheduledTime)))
                statusChanged = true
                if case .created = outcome {
                    events.append(ControllerEvent(.normal, reason: "SuccessfulCreate",
                                                  message: "Created job \(job.metadataString("name") ?? "")"))
                }
            case .skipped:
                break
            case .failed(let message):
                logger.warning("cronjob cannot create job", metadata: [
                    "k8s.namespace": "\(namespace)", "k8s.cronjob.name": "\(name)", "error": "\(message)",
                ])
                events.append(ControllerEvent(.warning, reason: "FailedCreate", message: "Error creating job: \(message)"))
            }
        }
        for jobName in plan.cleanup where deleteJob(jobName, namespace: namespace) {
            events.append(ControllerEvent(.normal, reason: "SuccessfulDelete", message: "Deleted job \(jobName)"))
        }
        if statusChanged {
            var updated = cronJob
            updated.set("status", status)
            // The simulator is the only writer of CronJob status: no resourceVersion precondition,
            // so a concurrent spec edit never loses a created Job's record.
            updated.setMetadata("resourceVersion", nil)
            do {
                _ = try store.update(.cronJobs, namespace: namespace, name: name, object: updated, subresource: .status)
            } catch {
                logger.debug("cronjob status write lost", metadata: ["k8s.cronjob.name": "\(name)", "error": "\(error)"])
            }
        }
        for event in events {
            recorder.record(event, about: cronJob, now: now)
        }
    }

    /// What became of a planned Job.
    enum CreateOutcome {
        case created(JSONValue)
        /// It existed already, controlled by this CronJob but missing from `status.active` (a
        /// status write lost after the create): it is recorded now, as the real controller does.
        case adopted(JSONValue)
        /// It existed already: created by someone else, or already recorded.
        case skipped
        case failed(String)
    }

    func createJob(_ create: CronJobPlan.JobToCreate, cronJob: JSONValue, namespace: String) -> CreateOutcome {
        let name = create.job.metadataString("name") ?? ""
        do {
            return .created(try store.create(.jobs, namespace: namespace, object: create.job))
        } catch where error.reason == "AlreadyExists" {
            guard let existing = try? store.get(.jobs, namespace: namespace, name: name) else { return .skipped }
            let controller = (existing["metadata"]?["ownerReferences"]?.arrayValue ?? []).first { $0["controller"]?.boolValue == true }
            let recorded = CronJobPlanner.activeList(cronJob["status"] ?? .null).contains { $0["uid"] == existing["metadata"]?["uid"] }
            guard controller?["uid"] == cronJob["metadata"]?["uid"], !recorded else { return .skipped }
            return .adopted(existing)
        } catch {
            return .failed("\(error)")
        }
    }

    private func deleteJob(_ jobName: String, namespace: String) -> Bool {
        do {
            _ = try store.delete(.jobs, namespace: namespace, name: jobName,
                                 options: ObjectStore.DeleteOptions(propagationPolicy: .background))
            return true
        } catch {
            logger.debug("cronjob cannot delete job", metadata: ["k8s.job.name": "\(jobName)", "error": "\(error)"])
            return false
        }
    }
}
