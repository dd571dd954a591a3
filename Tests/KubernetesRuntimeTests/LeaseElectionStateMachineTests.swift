import Foundation
import KubernetesRuntime
import Testing

@Suite struct LeaseElectionStateMachineTests {
    typealias Machine = LeaseElectionStateMachine<TestInstant>
    let wall = Date(timeIntervalSince1970: 1_800_000_000)

    func held(by holder: String?, renew: Double = 0, rv: String = "1", transitions: Int = 0) -> LeaseSnapshot {
        LeaseSnapshot(
            record: LeaseRecord(
                holderIdentity: holder, leaseDurationSeconds: 15, acquireTime: wall,
                renewTime: wall.addingTimeInterval(renew), leaseTransitions: transitions),
            resourceVersion: rv)
    }

    @Test func missingLeaseIsCreatedAndWinning() throws {
        var machine = Machine(identity: "me", timing: .standard)
        guard case .create(let record) = machine.decide(current: nil, now: .seconds(0), wallClock: wall) else {
            Issue.record("expected create")
            return
        }
        #expect(record.holderIdentity == "me")
        #expect(record.leaseDurationSeconds == 15)
        #expect(record.leaseTransitions == 0)
        #expect(!machine.isLeader(at: .seconds(0)))
        machine.writeSucceeded(LeaseSnapshot(record: record, resourceVersion: "5"), sentAt: .seconds(0), answeredAt: .seconds(0))
        #expect(machine.isLeader(at: .seconds(1)))
    }

    @Test func anotherHoldersLeaseIsHonouredUntilUnchangedForItsDuration() {
        var machine = Machine(identity: "me", timing: .standard)
        let lease = held(by: "other", rv: "7", transitions: 3)
        #expect(machine.decide(current: lease, now: .seconds(100), wallClock: wall) == .wait(.seconds(2)))
        #expect(machine.decide(current: lease, now: .seconds(112), wallClock: wall) == .wait(.seconds(2)))
        #expect(
            machine.decide(current: lease, now: .seconds(114), wallClock: wall) == .wait(.seconds(1)),
            "read again when the lease runs out, not a whole retry period later")
        #expect(machine.decide(current: lease, now: .seconds(114.9), wallClock: wall) == .wait(.seconds(115) - .seconds(114.9)))
        guard case .update(let claim, let rv) = machine.decide(current: lease, now: .seconds(115), wallClock: wall) else {
            Issue.record("expected a takeover after 15 s without change")
            return
        }
        #expect(rv == "7", "the write is guarded by the version read")
        #expect(claim.holderIdentity == "me")
        #expect(claim.leaseTransitions == 4)
        #expect(claim.acquireTime == wall)
    }

    @Test func aRenewingHolderIsNeverTakenOver() {
        var machine = Machine(identity: "me", timing: .standard)
        for step in 0..<60 {
            let lease = held(by: "other", renew: Double(step), rv: "\(step + 1)")
            #expect(machine.decide(current: lease, now: .seconds(Double(step) * 2), wallClock: wall) == .wait(.seconds(2)))
        }
    }

    @Test func releasedLeaseIsTakenAtOnce() {
        var machine = Machine(identity: "me", timing: .standard)
        let released = held(by: nil, rv: "9", transitions: 2)
        guard case .update(let claim, _) = machine.decide(current: released, now: .seconds(0), wallClock: wall) else {
            Issue.record("expected an immediate claim of a released lease")
            return
        }
        #expect(claim.holderIdentity == "me")
        #expect(claim.leaseTransitions == 3)
    }

    @Test func leaderRenewsKeepingItsAcquireTime() {
        var machine = Machine(identity: "me", timing: .standard)
        let mine = held(by: "me", rv: "3")
        machine.writeSucceeded(mine, sentAt: .seconds(0), answeredAt: .seconds(0))
        let later = wall.addingTimeInterval(2)
        guard case .update(let renewal, let rv) = machine.decide(current: mine, now: .seconds(2), wallClock: later) else {
            Issue.record("expected a renewal")
            return
        }
        #expect(rv == "3")
        #expect(renewal.renewTime == later)
        #expect(renewal.acquireTime == wall)
        #expect(renewal.leaseTransitions == 0)
    }

    /// A claim answered only at the renew deadline (a slow server, a starved process) must not
    /// end the replica as a leader that lost: it never led. The next round renews and leads.
    @Test func aClaimAnsweredAfterTheRenewDeadlineIsRenewedBeforeLeading() {
        var machine = Machine(identity: "me", timing: .standard)
        let released = held(by: nil, rv: "9", transitions: 2)
        guard case .update(let claim, _) = machine.decide(current: released, now: .seconds(0), wallClock: wall) else {
            Issue.record("expected a claim of a released lease")
            return
        }
        let written = LeaseSnapshot(record: claim, resourceVersion: "10")
        machine.writeSucceeded(written, sentAt: .seconds(0), answeredAt: .seconds(10))
        #expect(!machine.isLeader(at: .seconds(10)))
        #expect(!machine.hasLost)
        let later = wall.addingTimeInterval(12)
        guard case .update(let renewal, let rv) = machine.decide(current: written, now: .seconds(12), wallClock: later) else {
            Issue.record("expected a renewal of the lease it holds")
            return
        }
        #expect(rv == "10")
        #expect(renewal.holderIdentity == "me")
        #expect(renewal.acquireTime == claim.acquireTime, "a renewal, not a new acquisition")
        #expect(renewal.leaseTransitions == 3)
        machine.writeSucceeded(LeaseSnapshot(record: renewal, resourceVersion: "11"), sentAt: .seconds(12), answeredAt: .seconds(12.5))
        #expect(machine.isLeader(at: .seconds(13)))
    }

    /// One second less and the claim leads, for what is left of the deadline.
    @Test func aClaimAnsweredBeforeTheRenewDeadlineLeadsUntilIt() {
        var machine = Machine(identity: "me", timing: .standard)
        guard case .create(let claim) = machine.decide(current: nil, now: .seconds(0), wallClock: wall) else {
            Issue.record("expected create")
            return
        }
        machine.writeSucceeded(LeaseSnapshot(record: claim, resourceVersion: "1"), sentAt: .seconds(0), answeredAt: .seconds(9))
        #expect(machine.isLeader(at: .seconds(9)))
        #expect(!machine.isLeader(at: .seconds(10)))
    }

    /// A leader's renewal answered after the deadline does not revive it: it lapsed meanwhile.
    @Test func aRenewalAnsweredAfterTheRenewDeadlineLoses() {
        var machine = Machine(identity: "me", timing: .standard)
        machine.writeSucceeded(held(by: "me", rv: "1"), sentAt: .seconds(0), answeredAt: .seconds(0))
        machine.writeSucceeded(held(by: "me", rv: "2"), sentAt: .seconds(2), answeredAt: .seconds(12))
        #expect(!machine.isLeader(at: .seconds(12)))
        #expect(machine.decide(current: held(by: "me", rv: "2"), now: .seconds(12), wallClock: wall) == .stop)
        #expect(machine.hasLost)
    }

    @Test func leaderThatCannotRenewByTheDeadlineLosesForGood() {
        var machine = Machine(identity: "me", timing: .standard)
        machine.writeSucceeded(held(by: "me"), sentAt: .seconds(0), answeredAt: .seconds(0))
        machine.writeFailed(now: .seconds(4))
        #expect(machine.isLeader(at: .seconds(4)))
        #expect(!machine.isLeader(at: .seconds(10)), "belief ends at the deadline even before a decision")
        machine.writeFailed(now: .seconds(10))
        #expect(machine.hasLost)
        #expect(machine.decide(current: held(by: "me"), now: .seconds(11), wallClock: wall) == .stop)
    }

    @Test func leaderThatFindsAnotherHolderLoses() {
        var machine = Machine(identity: "me", timing: .standard)
        machine.writeSucceeded(held(by: "me"), sentAt: .seconds(0), answeredAt: .seconds(0))
        #expect(machine.decide(current: held(by: "other", rv: "2"), now: .seconds(2), wallClock: wall) == .stop)
        #expect(machine.hasLost)
    }

    @Test func releaseClearsTheHolder() {
        var machine = Machine(identity: "me", timing: .standard)
        machine.writeSucceeded(held(by: "me", rv: "4"), sentAt: .seconds(0), answeredAt: .seconds(0))
        let release = machine.release(wallClock: wall)
        #expect(release?.record.holderIdentity == nil)
        #expect(release?.resourceVersion == "4")
        #expect(!machine.isLeader(at: .seconds(0)))
        #expect(machine.decide(current: nil, now: .seconds(1), wallClock: wall) == .stop)
    }

    @Test func followerHasNothingToRelease() {
        var machine = Machine(identity: "me", timing: .standard)
        #expect(machine.release(wallClock: wall) == nil)
    }

    @Test(arguments: [
        (15.0, 10.0, 2.0, nil),
        (10.0, 10.0, 2.0, LeaseTimingError.leaseNotLongerThanRenewDeadline),
        (15.0, 2.4, 2.0, LeaseTimingError.renewDeadlineTooShortForRetryPeriod),
        (15.0, 10.0, 0.0, LeaseTimingError.nonPositiveRetryPeriod),
    ] as [(Double, Double, Double, LeaseTimingError?)])
    func timingIsValidated(lease: Double, renew: Double, retry: Double, expected: LeaseTimingError?) {
        do {
            _ = try LeaseTiming(leaseDuration: .seconds(lease), renewDeadline: .seconds(renew), retryPeriod: .seconds(retry))
            #expect(expected == nil)
        } catch {
            #expect(error == expected)
        }
    }
}
