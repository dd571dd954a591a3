import Foundation
import KubernetesRuntime
import Testing

/// Two electors against one simulated Lease (writes guarded by resourceVersion), driven through
/// random pauses, kills and releases. At every step at most one of them may believe it leads.
@Suite struct LeaseElectionSimulationTests {
    struct Elector {
        var machine: LeaseElectionStateMachine<TestInstant>
        var nextTurn = TestInstant.seconds(0)
        var pausedUntil = TestInstant.seconds(0)
        var isAlive = true
    }

    struct LeaseServer {
        var lease: LeaseSnapshot?
        var version = 0

        mutating func write(_ record: LeaseRecord, expecting resourceVersion: String?) -> LeaseSnapshot? {
            guard lease?.resourceVersion == resourceVersion else { return nil }
            version += 1
            lease = LeaseSnapshot(record: record, resourceVersion: "\(version)")
            return lease
        }
    }

    static let wall = Date(timeIntervalSince1970: 1_800_000_000)

    /// One round of `elector` at `now`. A write lands at once; its answer reaches the elector
    /// `answerDelay` later (it does nothing meanwhile). Belief is checked at every step, so a
    /// write in flight already counts as leading: the check errs on the strict side.
    static func turn(_ elector: inout Elector, server: inout LeaseServer, now: TestInstant, answerDelay: Duration = .zero) {
        guard elector.isAlive, elector.pausedUntil <= now, elector.nextTurn <= now else { return }
        let wallClock = wall.addingTimeInterval(Double(now.offset.components.seconds))
        let timing = elector.machine.timing
        let answeredAt = now.advanced(by: answerDelay)
        elector.nextTurn = answeredAt.advanced(by: timing.retryPeriod)
        switch elector.machine.decide(current: server.lease, now: now, wallClock: wallClock) {
        case .create(let record):
            if let written = server.write(record, expecting: nil) {
                elector.machine.writeSucceeded(written, sentAt: now, answeredAt: answeredAt)
            } else {
                elector.machine.writeFailed(now: now)
            }
        case .update(let record, let resourceVersion):
            if let written = server.write(record, expecting: resourceVersion) {
                elector.machine.writeSucceeded(written, sentAt: now, answeredAt: answeredAt)
            } else {
                elector.machine.writeFailed(now: now)
            }
        case .wait(let delay):
            elector.nextTurn = now.advanced(by: delay)
        case .stop:
            elector.isAlive = false
        }
    }

    @Test(arguments: 1...20)
    func neverTwoLeaders(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var server = LeaseServer()
        var electors = [
            Elector(machine: .init(identity: "a", timing: .standard)),
            Elector(machine: .init(identity: "b", timing: .standard)),
        ]
        var now = TestInstant.seconds(0)
        var leaderSteps = 0
        for _ in 0..<2000 {
            now = now.advanced(by: .milliseconds(250))
            let who = Int.random(in: 0..<2, using: &random)
            switch Int.random(in: 0..<200, using: &random) {
            case 0:
                // A long pause (GC, a frozen node): longer than the lease.
                electors[who].pausedUntil = now.advanced(by: .seconds(Double.random(in: 5...40, using: &random)))
            case 1:
                // Graceful shutdown of a leader, then a new replica with the same slot.
                if let release = electors[who].machine.release(wallClock: Self.wall) {
                    _ = server.write(release.record, expecting: release.resourceVersion)
                }
                electors[who] = Elector(machine: .init(identity: "r\(seed)-\(now.offset)", timing: .standard), nextTurn: now)
            case 2:
                // Killed without a release; replaced by a new replica.
                electors[who] = Elector(machine: .init(identity: "k\(seed)-\(now.offset)", timing: .standard), nextTurn: now)
            default:
                break
            }
            for index in electors.indices {
                // Now and then an answer comes late, up to past the renew deadline.
                let slow = Int.random(in: 0..<40, using: &random) == 0
                let delay: Duration = slow ? .seconds(Double.random(in: 1...14, using: &random)) : .zero
                Self.turn(&electors[index], server: &server, now: now, answerDelay: delay)
            }
            let leaders = electors.filter { $0.machine.isLeader(at: now) }.count
            #expect(leaders <= 1, "two leaders at \(now.offset) with seed \(seed)")
            if leaders == 1 { leaderSteps += 1 }
        }
        #expect(leaderSteps > 500, "someone leads for a good part of the run")
    }

    @Test func releasedLeaseIsTakenOverWithinOneRetryPeriod() {
        var server = LeaseServer()
        var leader = Elector(machine: .init(identity: "a", timing: .standard))
        var standby = Elector(machine: .init(identity: "b", timing: .standard), nextTurn: .seconds(1))
        Self.turn(&leader, server: &server, now: .seconds(0))
        Self.turn(&standby, server: &server, now: .seconds(1))
        #expect(leader.machine.isLeader(at: .seconds(1)))
        #expect(!standby.machine.isLeader(at: .seconds(1)))

        let release = leader.machine.release(wallClock: Self.wall)
        #expect(release != nil)
        if let release { _ = server.write(release.record, expecting: release.resourceVersion) }
        var now = TestInstant.seconds(1)
        while !standby.machine.isLeader(at: now) && now < .seconds(10) {
            now = now.advanced(by: .milliseconds(100))
            Self.turn(&standby, server: &server, now: now)
        }
        #expect(standby.machine.isLeader(at: now))
        #expect(now <= .seconds(3), "taken over at \(now.offset), within one retry period of the release")
    }
}
