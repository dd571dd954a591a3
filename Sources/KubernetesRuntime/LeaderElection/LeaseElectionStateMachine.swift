import Foundation

/// The decisions of Lease-based leader election (the ideas of client-go's leaderelection),
/// free of IO. The driver reads the Lease every `retryPeriod`, asks `decide`, performs the write
/// it returns (guarded by the resourceVersion it saw), and reports the outcome.
///
/// - Another holder's lease counts as expired only after `leaseDuration` has passed since this
///   replica last *observed a change* of the record (local monotonic time, so clock skew between
///   nodes does not matter).
/// - A leader that has not renewed successfully for `renewDeadline` has lost: it must stop all
///   writes at once (the operator exits).
/// - On shutdown a leader releases the lease (empty holder) so a standby takes over at its next
///   retry instead of waiting for expiry.
public struct LeaseElectionStateMachine<Instant: InstantProtocol & Sendable>: Sendable
where Instant.Duration == Duration {
    enum State: Sendable {
        case following(observed: Observation?)
        case leading(lastRenew: Instant, observed: Observation)
        case lost
        case released
    }

    /// A version of the Lease this replica has seen, and when it first saw it.
    struct Observation: Sendable {
        var record: LeaseRecord
        var resourceVersion: String
        var seenAt: Instant
    }

    public let identity: String
    public let timing: LeaseTiming
    private var state: State = .following(observed: nil)

    public init(identity: String, timing: LeaseTiming) {
        self.identity = identity
        self.timing = timing
    }

    /// Whether this replica may act as leader at `now`: it leads and its last successful renewal
    /// is younger than the renew deadline (so a paused leader stops believing it leads before any
    /// other replica can consider the lease expired).
    public func isLeader(at now: Instant) -> Bool {
        switch state {
        case .leading(let lastRenew, _): lastRenew.duration(to: now) < timing.renewDeadline
        case .following, .lost, .released: false
        }
    }

    public var hasLost: Bool {
        switch state {
        case .lost: true
        case .following, .leading, .released: false
        }
    }

    /// Decides what to do with the Lease as just read (`nil`: it does not exist).
    public mutating func decide(current: LeaseSnapshot?, now: Instant, wallClock: Date) -> LeaseDecision {
        switch state {
        case .lost, .released:
            return .stop
        case .following(let observed):
            guard let current else {
                return .create(claim(previous: nil, wallClock: wallClock))
            }
            let observation = observe(current, previous: observed, now: now)
            state = .following(observed: observation)
            // The holder's own lease duration counts, from when we saw its record change.
            let holderDuration = Duration.seconds(current.record.leaseDurationSeconds)
            let unchangedFor = observation.seenAt.duration(to: now)
            if current.record.isHeld(byOtherThan: identity), unchangedFor < holderDuration {
                // Read again at the next retry, or when the holder's lease runs out if that is
                // sooner: a dead leader's lease is taken over when it expires, not up to one
                // retry period later (15 s after the last change seen, not 16 s).
                return .wait(min(timing.retryPeriod, holderDuration - unchangedFor))
            }
            return .update(claim(previous: current.record, wallClock: wallClock), resourceVersion: current.resourceVersion)
        case .leading(let lastRenew, let observed):
            if lastRenew.duration(to: now) >= timing.renewDeadline {
                state = .lost
                return .stop
            }
            guard let current else {
                // Someone deleted our Lease: recreate it.
                return .create(claim(previous: nil, wallClock: wallClock))
            }
            let observation = observe(current, previous: observed, now: now)
            if current.record.isHeld(byOtherThan: identity) {
                // Taken over (we must have been too slow): never fight for it.
                state = .lost
                return .stop
            }
            state = .leading(lastRenew: lastRenew, observed: observation)
            return .update(claim(previous: current.record, wallClock: wallClock), resourceVersion: current.resourceVersion)
        }
    }

    /// The create or update was accepted; `written` is what the server now stores. Leadership
    /// counts from `sentAt`, when the round began (not when the answer came), to stay on the safe
    /// side.
    ///
    /// A claim answered only at or after the renew deadline (`answeredAt`) does not make this
    /// replica leader: it would have lost already. It stays a follower that has seen its own
    /// record, so the next round renews the lease and leads from then. (Treating it as a leader
    /// that lost would end this replica for good although it never led: a standby slowed down
    /// once, e.g. on a loaded machine, would never take over.) A leader's renewal answered that
    /// late still ends its leadership: it lapsed while the writes were allowed.
    public mutating func writeSucceeded(_ written: LeaseSnapshot, sentAt: Instant, answeredAt: Instant) {
        let observation = Observation(record: written.record, resourceVersion: written.resourceVersion, seenAt: sentAt)
        switch state {
        case .following:
            if sentAt.duration(to: answeredAt) >= timing.renewDeadline {
                state = .following(observed: Observation(
                    record: written.record, resourceVersion: written.resourceVersion, seenAt: answeredAt))
            } else {
                state = .leading(lastRenew: sentAt, observed: observation)
            }
        case .leading:
            state = .leading(lastRenew: sentAt, observed: observation)
        case .lost, .released:
            break
        }
    }

    /// The create or update failed (conflict, network, server error).
    public mutating func writeFailed(now: Instant) {
        switch state {
        case .leading(let lastRenew, _):
            if lastRenew.duration(to: now) >= timing.renewDeadline { state = .lost }
        case .following, .lost, .released:
            break
        }
    }

    /// Graceful shutdown: what to write so a standby can take over at once (`nil`: nothing held).
    public mutating func release(wallClock: Date) -> (record: LeaseRecord, resourceVersion: String)? {
        defer { state = .released }
        guard case .leading(_, let observed) = state else { return nil }
        var record = observed.record
        record.holderIdentity = nil
        record.leaseDurationSeconds = 1
        record.renewTime = wallClock
        return (record, observed.resourceVersion)
    }

    private func observe(_ current: LeaseSnapshot, previous: Observation?, now: Instant) -> Observation {
        if let previous, previous.record == current.record, previous.resourceVersion == current.resourceVersion {
            return previous
        }
        return Observation(record: current.record, resourceVersion: current.resourceVersion, seenAt: now)
    }

    private func claim(previous: LeaseRecord?, wallClock: Date) -> LeaseRecord {
        let seconds = Int((timing.leaseDuration / .seconds(1)).rounded(.up))
        if let previous, previous.holderIdentity == identity {
            var renewed = previous
            renewed.leaseDurationSeconds = seconds
            renewed.renewTime = wallClock
            return renewed
        }
        return LeaseRecord(
            holderIdentity: identity,
            leaseDurationSeconds: seconds,
            acquireTime: wallClock,
            renewTime: wallClock,
            leaseTransitions: previous.map { $0.leaseTransitions + 1 } ?? 0
        )
    }
}

/// What the driver must do.
public enum LeaseDecision: Sendable, Equatable {
    case create(LeaseRecord)
    /// Write `record`, guarded by the `resourceVersion` that was read.
    case update(LeaseRecord, resourceVersion: String)
    /// Someone else leads: read again after this long (the retry period, or less when the
    /// holder's lease runs out sooner).
    case wait(Duration)
    /// Leadership is lost or released: stop all writes.
    case stop
}

/// The fields of a Lease's spec that election uses.
public struct LeaseRecord: Sendable, Equatable {
    public var holderIdentity: String?
    public var leaseDurationSeconds: Int
    public var acquireTime: Date?
    public var renewTime: Date?
    public var leaseTransitions: Int

    public init(
        holderIdentity: String?,
        leaseDurationSeconds: Int,
        acquireTime: Date?,
        renewTime: Date?,
        leaseTransitions: Int
    ) {
        self.holderIdentity = holderIdentity
        self.leaseDurationSeconds = leaseDurationSeconds
        self.acquireTime = acquireTime
        self.renewTime = renewTime
        self.leaseTransitions = leaseTransitions
    }

    func isHeld(byOtherThan identity: String) -> Bool {
        guard let holder = holderIdentity, !holder.isEmpty else { return false }
        return holder != identity
    }
}

/// A Lease as read from the server.
public struct LeaseSnapshot: Sendable, Equatable {
    public var record: LeaseRecord
    public var resourceVersion: String

    public init(record: LeaseRecord, resourceVersion: String) {
        self.record = record
        self.resourceVersion = resourceVersion
    }
}
