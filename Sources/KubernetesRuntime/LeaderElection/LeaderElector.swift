import Foundation
import KubernetesClient
import KubernetesModel
import Logging

/// Runs Lease-based leader election against the API (`LeaseElectionStateMachine` decides,
/// this actor reads and writes the Lease). `run()` returns when its task is cancelled (after
/// releasing a held lease) and throws `LeaderElectionError.lost` when leadership is lost.
public actor LeaderElector<C: Clock & Sendable> where C.Duration == Duration, C.Instant: Sendable {
    public nonisolated let leadership: Leadership<C>
    private let client: KubernetesClient
    private let namespace: String
    private let name: String
    private let clock: C
    private let wallClock: @Sendable () -> Date
    private let logger: Logger
    private var machine: LeaseElectionStateMachine<C.Instant>

    /// - Parameter client: give it a client without request retries: every Lease request is
    ///   bounded by half the renew deadline (as controller-runtime's leader-election client), so
    ///   one slow answer cannot spend the whole deadline, but retries would multiply the bound.
    public init(
        client: KubernetesClient,
        namespace: String,
        name: String,
        identity: String,
        timing: LeaseTiming = .standard,
        clock: C,
        wallClock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger
    ) {
        self.client = client.boundingEachRequest(by: timing.renewDeadline / 2)
        self.namespace = namespace
        self.name = name
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
        self.machine = LeaseElectionStateMachine(identity: identity, timing: timing)
        self.leadership = Leadership(clock: clock)
    }

    /// Campaigns, then renews, until cancelled (releases the lease) or leadership is lost.
    public func run() async throws(LeaderElectionError) {
        while !Task.isCancelled {
            let sentAt = clock.now
            let current: LeaseSnapshot?
            do {
                current = try await read()
            } catch {
                logger.warning("cannot read the leader lease", metadata: ["error": "\(error)"])
                machine.writeFailed(now: sentAt)
                try checkLost()
                await pause(machine.timing.retryPeriod)
                continue
            }
            var next = machine.timing.retryPeriod
            switch machine.decide(current: current, now: sentAt, wallClock: wallClock()) {
            case .create(let record):
                await write(sentAt: sentAt) { () async throws(KubernetesError) in try await self.create(record) }
            case .update(let record, let resourceVersion):
                await write(sentAt: sentAt) { () async throws(KubernetesError) in
                    try await self.replace(record, resourceVersion: resourceVersion)
                }
            case .wait(let delay):
                next = delay
            case .stop:
                break
            }
            try checkLost()
            await pause(next)
        }
        // This task is cancelled, and a cancelled task's requests fail at once: the release is
        // sent from a task of its own (bounded by half the renew deadline), else the
        // standby would wait for the lease to expire instead of taking over at its next retry.
        await Task { await self.release() }.value
    }

    private func write(sentAt: C.Instant, _ operation: () async throws(KubernetesError) -> LeaseSnapshot) async {
        let wasLeader = machine.isLeader(at: sentAt)
        do {
            let written = try await operation()
            let answeredAt = clock.now
            machine.writeSucceeded(written, sentAt: sentAt, answeredAt: answeredAt)
            if machine.isLeader(at: answeredAt) {
                leadership.renewed(validUntil: sentAt.advanced(by: machine.timing.renewDeadline))
                if !wasLeader {
                    logger.info("became leader", metadata: ["k8s.lease": "\(namespace)/\(name)", "leader.identity": "\(machine.identity)"])
                }
            } else if !wasLeader {
                logger.info(
                    "the lease claim was answered after the renew deadline; renewing it before leading",
                    metadata: ["k8s.lease": "\(namespace)/\(name)"])
            }
        } catch {
            machine.writeFailed(now: clock.now)
            logger.debug("lease write failed", metadata: ["error": "\(error)"])
        }
    }

    private func checkLost() throws(LeaderElectionError) {
        guard machine.hasLost else { return }
        leadership.lost()
        logger.error("leadership lost", metadata: ["k8s.lease": "\(namespace)/\(name)"])
        throw .lost
    }

    private func pause(_ duration: Duration) async {
        try? await clock.sleep(for: duration)
    }

    /// Gives the lease up so a standby takes over at its next retry.
    private func release() async {
        leadership.lost()
        guard let release = machine.release(wallClock: wallClock()) else { return }
        do {
            do {
                _ = try await replace(release.record, resourceVersion: release.resourceVersion)
            } catch .conflict {
                // A renewal cut short by the cancellation may still have reached the server, so
                // the version we hold is stale: release the current version if it is still ours.
                guard let current = try await read(), current.record.holderIdentity == machine.identity else {
                    logger.info("the leader lease is no longer ours to release", metadata: ["k8s.lease": "\(namespace)/\(name)"])
                    return
                }
                _ = try await replace(release.record, resourceVersion: current.resourceVersion)
            }
            logger.info("released the leader lease", metadata: ["k8s.lease": "\(namespace)/\(name)"])
        } catch {
            logger.warning("cannot release the leader lease", metadata: ["error": "\(error)"])
        }
    }

    // MARK: API

    private func read() async throws(KubernetesError) -> LeaseSnapshot? {
        do {
            return Self.snapshot(try await client.get(CoordinationV1.Lease.self, name: name, namespace: namespace))
        } catch .notFound {
            return nil
        }
    }

    private func create(_ record: LeaseRecord) async throws(KubernetesError) -> LeaseSnapshot {
        let lease = CoordinationV1.Lease(
            metadata: ObjectMeta(name: name, namespace: namespace), spec: Self.spec(record))
        return Self.snapshot(try await client.create(lease))
    }

    private func replace(_ record: LeaseRecord, resourceVersion: String) async throws(KubernetesError) -> LeaseSnapshot {
        let lease = CoordinationV1.Lease(
            metadata: ObjectMeta(name: name, namespace: namespace, resourceVersion: resourceVersion),
            spec: Self.spec(record))
        return Self.snapshot(try await client.replace(lease))
    }

    static func spec(_ record: LeaseRecord) -> CoordinationV1.LeaseSpec {
        var spec = CoordinationV1.LeaseSpec()
        spec.holderIdentity = record.holderIdentity
        spec.leaseDurationSeconds = record.leaseDurationSeconds
        spec.acquireTime = record.acquireTime.map(MicroTime.init)
        spec.renewTime = record.renewTime.map(MicroTime.init)
        spec.leaseTransitions = record.leaseTransitions
        return spec
    }

    static func snapshot(_ lease: CoordinationV1.Lease) -> LeaseSnapshot {
        LeaseSnapshot(
            record: LeaseRecord(
                holderIdentity: lease.spec.holderIdentity,
                leaseDurationSeconds: lease.spec.leaseDurationSeconds ?? 0,
                acquireTime: lease.spec.acquireTime?.date,
                renewTime: lease.spec.renewTime?.date,
                leaseTransitions: lease.spec.leaseTransitions ?? 0),
            resourceVersion: lease.metadata.resourceVersion ?? "")
    }
}

/// Why leader election ended.
public enum LeaderElectionError: Error, Sendable, Equatable {
    /// The lease could not be renewed by the deadline, or another replica holds it.
    case lost
}
