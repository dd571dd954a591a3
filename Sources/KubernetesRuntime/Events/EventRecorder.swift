import Foundation
import KubernetesClient
import KubernetesModel
import Logging

/// Records Kubernetes Events about objects: `events.k8s.io/v1` Events, falling back to core
/// `v1` Events when the server does not serve that group. Repeats become `series` updates and a
/// per-object spam limit applies (see `EventCorrelator`). Recording never fails the caller: an
/// Event that cannot be written is logged and dropped.
public actor EventRecorder {
    public let reportingController: String
    public let reportingInstance: String

    private let client: KubernetesClient
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var correlator: EventCorrelator
    private var api: EventAPI = .eventsV1
    /// The namespace of each series' Event object, for series updates.
    private var namespaces: [String: String] = [:]
    /// The timestamp (ns) in the last created Event's name: names stay unique even when
    /// several Events are created at the same instant (a collision would lose an Event).
    private var lastNameNanoseconds: UInt64 = 0

    enum EventAPI {
        case eventsV1
        case coreV1
    }

    public init(
        client: KubernetesClient,
        reportingController: String,
        reportingInstance: String,
        limits: EventCorrelator.Limits = .standard,
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.client = client
        self.reportingController = reportingController
        self.reportingInstance = reportingInstance
        self.correlator = EventCorrelator(limits: limits)
        self.logger = logger
        self.now = now
    }

    /// Records one occurrence of `event`; returns what was written (for tests and metrics).
    @discardableResult
    public func record(_ event: EventDraft) async -> EventWrite {
        let identity = event.identity
        let time = now()
        let write = correlator.record(identity, now: time)
        switch write {
        case .create:
            await create(event, identity: identity, at: time)
        case .updateSeries(let name, let count, let lastObserved):
            await updateSeries(name: name, count: count, lastObserved: lastObserved, identity: identity)
        case .coalesced:
            break
        case .dropped:
            logger.debug("event dropped by the spam limit", metadata: event.logMetadata)
        }
        return write
    }

    /// Writes series counts that were coalesced; call periodically (every ~30 s).
    public func flushSeries() async {
        for case .updateSeries(let name, let count, let lastObserved) in correlator.pendingSeriesUpdates(now: now()) {
            await updateSeries(name: name, count: count, lastObserved: lastObserved, identity: nil)
        }
    }

    private func create(_ event: EventDraft, identity: EventIdentity, at time: Date) async {
        let namespace = event.regarding.namespace ?? "default"
        let nanoseconds = max(UInt64(max(0, time.timeIntervalSince1970) * 1e9), lastNameNanoseconds + 1)
        lastNameNanoseconds = nanoseconds
        let name = "\(event.regarding.name ?? "object").\(String(nanoseconds, radix: 16))"
        do {
            switch api {
            case .eventsV1:
                do {
                    _ = try await client.create(event.eventsV1(name: name, namespace: namespace, time: time, recorder: self))
                } catch .notFound(let status) where status.details?.name == nil {
                    // The collection itself is missing: the events.k8s.io group is not served.
                    logger.info("events.k8s.io/v1 not served, falling back to core v1 Events")
                    api = .coreV1
                    _ = try await client.create(event.coreV1(name: name, namespace: namespace, time: time, recorder: self))
                }
            case .coreV1:
                _ = try await client.create(event.coreV1(name: name, namespace: namespace, time: time, recorder: self))
            }
            correlator.created(identity, name: name)
            namespaces[name] = namespace
        } catch {
            correlator.forget(identity)
            logger.warning("cannot create event", metadata: event.logMetadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    private func updateSeries(name: String, count: Int, lastObserved: Date, identity: EventIdentity?) async {
        guard let namespace = namespaces[name] else { return }
        let micro = MicroTime(lastObserved)
        let patch: JSONValue
        let resource: ResourceDescriptor
        switch api {
        case .eventsV1:
            resource = EventsV1.Event.resource
            patch = .object([
                "series": .object([
                    "count": .int(Int64(count)),
                    "lastObservedTime": .string(micro.description),
                ])
            ])
        case .coreV1:
            resource = CoreV1.Event.resource
            patch = .object([
                "count": .int(Int64(count)),
                "lastTimestamp": .string(Time(lastObserved).description),
                "series": .object([
                    "count": .int(Int64(count)),
                    "lastObservedTime": .string(micro.description),
                ]),
            ])
        }
        do {
            _ = try await client.patch(
                resource: resource, name: name, namespace: namespace, patch: .merge(patch), as: JSONValue.self)
        } catch .notFound {
            // Deleted (Events expire after an hour): the next occurrence creates a new one.
            if let identity { correlator.forget(identity) }
            namespaces[name] = nil
        } catch {
            logger.warning("cannot update event series", metadata: ["k8s.event": "\(name)", "error": "\(error)"])
        }
    }
}
