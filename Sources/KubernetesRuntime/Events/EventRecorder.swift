import Foundation
import KubernetesClient
import KubernetesModel
import Logging

/// Records Kubernetes Events about objects: `events.k8s.io/v1` Events, falling back to core
/// `v1` Events when the server does not serve that group. Repeats become `series` updates, and
/// beyond a per-object budget incidents fold into one aggregate Event per reason (see
/// `EventCorrelator`). Recording never fails the caller and never drops an incident silently:
/// a transient failure is retried by `flushSeries`, a permanent one is logged at warning level;
/// every call's `EventOutcome` is returned and reported to `onOutcome`.
public actor EventRecorder {
    public let reportingController: String
    public let reportingInstance: String

    let client: KubernetesClient
    let now: @Sendable () -> Date
    let logger: Logger
    let onOutcome: @Sendable (_ reason: String, _ outcome: EventOutcome) -> Void
    var correlator: EventCorrelator
    var api: EventAPI = .eventsV1
    /// The timestamp (ns) in the last created Event's name: names stay unique even when
    /// several Events are created at the same instant (a collision would lose an Event).
    var lastNameNanoseconds: UInt64 = 0

    enum EventAPI {
        case eventsV1
        case coreV1
    }

    /// How one write ended.
    enum Delivery {
        case written
        case deferred
        case failed
    }

    /// - Parameter onOutcome: called once per `record` with the Event's reason and the outcome
    ///   (and with `failed` for a deferred write given up by `flushSeries`), for metrics.
    public init(
        client: KubernetesClient,
        reportingController: String,
        reportingInstance: String,
        limits: EventCorrelator.Limits = .standard,
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() },
        onOutcome: @escaping @Sendable (_ reason: String, _ outcome: EventOutcome) -> Void = { _, _ in }
    ) {
        self.client = client
        self.reportingController = reportingController
        self.reportingInstance = reportingInstance
        self.correlator = EventCorrelator(limits: limits)
        self.logger = logger
        self.now = now
        self.onOutcome = onOutcome
    }

    /// Records one occurrence of `event`.
    @discardableResult
    public func record(_ event: EventDraft) async -> EventOutcome {
        let outcome: EventOutcome
        switch correlator.record(event, now: now()) {
        case .coalesced:
            outcome = .emitted
        case .write(let write):
            outcome = await perform(write).outcome(ifWritten: .emitted)
        case .folded(nil):
            outcome = .folded
        case .folded(let write?):
            outcome = await perform(write).outcome(ifWritten: .folded)
        }
        onOutcome(event.reason, outcome)
        return outcome
    }

    /// Writes what is pending: coalesced series counts, and writes that failed transiently.
    /// Call periodically (every ~30 s).
    public func flushSeries() async {
        let pending = correlator.pendingWrites(now: now())
        for lost in pending.expired {
            logger.warning(
                "event given up after failing for an hour",
                metadata: lost.draft.logMetadata.merging(["k8s.event.count": "\(lost.count)"]) { $1 })
            onOutcome(lost.draft.reason, .failed)
        }
        for write in pending.writes {
            _ = await perform(write)
        }
    }

    /// What the correlator holds now (for the memory benchmark).
    public var retained: EventCorrelator.Retained { correlator.retained }

    private func perform(_ write: EventWrite) async -> Delivery {
        switch write.target {
        case .create:
            await create(write)
        case .series(let name, let namespace):
            await updateSeries(write, name: name, namespace: namespace)
        }
    }

    private func create(_ write: EventWrite) async -> Delivery {
        let time = now()
        let namespace = write.draft.regarding.namespace ?? "default"
        let name = write.draft.name ?? nextName(for: write.draft, at: time)
        do {
            try await createObject(write, name: name, namespace: namespace, time: time)
        } catch .alreadyExists {
            // Names are unique: an earlier attempt of this very create (retried after a 5xx, or
            // by a caller after a crash) got through.
        } catch {
            return failed(write, error)
        }
        correlator.created(write.key, name: name, namespace: namespace, count: write.count)
        return .written
    }

    private func updateSeries(_ write: EventWrite, name: String, namespace: String) async -> Delivery {
        do {
            try await patchSeries(write, name: name, namespace: namespace)
        } catch .notFound {
            // Deleted (Events expire after an hour): a new Event carries the count the old one missed.
            guard let recreate = correlator.gone(write.key, now: now()) else { return .written }
            return await create(recreate)
        } catch {
            return failed(write, error)
        }
        correlator.updated(write.key, count: write.count)
        return .written
    }

    private func failed(_ write: EventWrite, _ error: KubernetesError) -> Delivery {
        var metadata = write.draft.logMetadata
        metadata["error"] = "\(error)"
        metadata["k8s.event.count"] = "\(write.count)"
        if error.isRetryable, write.draft.name == nil {
            correlator.deferred(write.key, now: now())
            logger.notice("cannot write event now, retrying at the next flush", metadata: metadata)
            return .deferred
        }
        correlator.abandoned(write.key)
        if error.isRetryable {
            // A named Event's caller keeps it and writes it again.
            logger.notice("cannot write event now; its caller retries", metadata: metadata)
            return .deferred
        }
        logger.warning("cannot write event", metadata: metadata)
        return .failed
    }

    private func nextName(for draft: EventDraft, at time: Date) -> String {
        let nanoseconds = max(UInt64(max(0, time.timeIntervalSince1970) * 1e9), lastNameNanoseconds + 1)
        lastNameNanoseconds = nanoseconds
        return "\(draft.regarding.name ?? "object").\(String(nanoseconds, radix: 16))"
    }
}

extension EventRecorder.Delivery {
    func outcome(ifWritten written: EventOutcome) -> EventOutcome {
        switch self {
        case .written: written
        case .deferred: .deferred
        case .failed: .failed
        }
    }
}
