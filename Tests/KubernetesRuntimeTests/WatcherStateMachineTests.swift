import KubernetesRuntime
import Testing

@Suite struct WatcherStateMachineTests {
    typealias Machine = WatcherStateMachine<String, TestInstant>

    /// A machine that has listed one page at resourceVersion 10 and opened its watch at t=0.
    func watchingMachine() -> Machine {
        var machine = Machine()
        _ = machine.nextAction()
        _ = machine.listPageReceived(items: ["a"], continueToken: nil, resourceVersion: "10")
        _ = machine.nextAction()
        machine.watchOpened(now: .seconds(0))
        return machine
    }

    @Test func paginatedListIsStagedPageByPageAndEndsInOneSwapThenWatches() {
        var machine = Machine()
        #expect(machine.nextAction() == .list(continueToken: nil))
        #expect(
            machine.listPageReceived(items: ["a", "b"], continueToken: "page2", resourceVersion: "7")
                == [.restartPage(["a", "b"], isFirst: true)])
        #expect(machine.nextAction() == .list(continueToken: "page2"))
        #expect(
            machine.listPageReceived(items: ["c"], continueToken: "page3", resourceVersion: "8")
                == [.restartPage(["c"], isFirst: false)])
        #expect(machine.nextAction() == .list(continueToken: "page3"))
        let events = machine.listPageReceived(items: ["d"], continueToken: nil, resourceVersion: "9")
        #expect(events == [.restartDone(["d"])])
        #expect(machine.nextAction() == .watch(resourceVersion: "9"))
    }

    @Test func aListOfOnePageIsOneRestart() {
        var machine = Machine()
        _ = machine.nextAction()
        #expect(machine.listPageReceived(items: ["a"], continueToken: nil, resourceVersion: "3") == [.restarted(["a"])])
    }

    @Test func watchEventsAreAppliedAndAdvanceTheResourceVersion() {
        var machine = watchingMachine()
        #expect(machine.received(.added("x", resourceVersion: "11"), now: .seconds(1)) == [.applied("x")])
        #expect(machine.received(.modified("x", resourceVersion: "12"), now: .seconds(2)) == [.applied("x")])
        #expect(machine.received(.deleted("x", resourceVersion: "13"), now: .seconds(3)) == [.deleted("x")])
        #expect(machine.received(.bookmark(resourceVersion: "20"), now: .seconds(4)) == [])
        #expect(machine.resourceVersion == "20")
    }

    @Test func cleanEndResumesFromTheLastResourceVersionWithoutListing() {
        var machine = watchingMachine()
        _ = machine.received(.modified("x", resourceVersion: "15"), now: .seconds(1))
        machine.watchEnded(now: .seconds(300))
        #expect(machine.nextAction() == .watch(resourceVersion: "15"))
    }

    @Test func goneRelistsImmediately() {
        var random = SeededGenerator(seed: 42)
        var machine = watchingMachine()
        machine.failed(.gone, using: &random)
        #expect(machine.nextAction() == .list(continueToken: nil))
    }

    @Test func otherFailuresBackOffThenRewatchFromTheSameVersion() {
        var random = SeededGenerator(seed: 42)
        var machine = watchingMachine()
        _ = machine.received(.added("y", resourceVersion: "14"), now: .seconds(1))
        machine.failed(.other, using: &random)
        guard case .sleep(let delay) = machine.nextAction() else {
            Issue.record("expected a sleep")
            return
        }
        #expect(delay >= .milliseconds(640) && delay <= .milliseconds(960))
        #expect(machine.nextAction() == .watch(resourceVersion: "14"))
    }

    @Test func failureWhileListingRestartsTheListFromTheFirstPage() {
        var random = SeededGenerator(seed: 42)
        var machine = Machine()
        _ = machine.nextAction()
        _ = machine.listPageReceived(items: ["a"], continueToken: "p2", resourceVersion: "5")
        #expect(machine.nextAction() == .list(continueToken: "p2"))
        machine.failed(.other, using: &random)
        guard case .sleep = machine.nextAction() else {
            Issue.record("expected a sleep")
            return
        }
        #expect(machine.nextAction() == .list(continueToken: nil))
        let events = machine.listPageReceived(items: ["b"], continueToken: nil, resourceVersion: "6")
        #expect(events == [.restarted(["b"])], "pages of the failed list are discarded")
    }

    @Test(arguments: [
        (retryAfter: 5.0, atLeast: 5.0),
        (retryAfter: 0.1, atLeast: 0.64),
    ])
    func throttlingNeverRetriesBeforeRetryAfter(retryAfter: Double, atLeast: Double) {
        var random = SeededGenerator(seed: 42)
        var machine = watchingMachine()
        machine.failed(.throttled(retryAfter: .seconds(retryAfter)), using: &random)
        guard case .sleep(let delay) = machine.nextAction() else {
            Issue.record("expected a sleep")
            return
        }
        #expect(delay >= .seconds(atLeast))
    }

    @Test func idleWatchIsRestartedFromTheSameVersion() {
        var random = SeededGenerator(seed: 42)
        var machine = watchingMachine()
        machine.failed(.idle, using: &random)
        guard case .sleep = machine.nextAction() else {
            Issue.record("expected a sleep")
            return
        }
        #expect(machine.nextAction() == .watch(resourceVersion: "10"))
    }

    @Test func delaysDoubleUpToThirtySeconds() {
        let backoff = ExponentialBackoff.watcher
        let expected: [Duration] = [
            .milliseconds(800), .milliseconds(1600), .milliseconds(3200), .milliseconds(6400),
            .milliseconds(12800), .milliseconds(25600), .seconds(30), .seconds(30),
        ]
        #expect((0..<8).map { backoff.baseDelay(forAttempt: $0) } == expected)
    }

    @Test func backoffResetsAfterTwoMinutesOfHealthyWatching() {
        var random = SeededGenerator(seed: 42)
        var machine = watchingMachine()
        for _ in 0..<4 {
            machine.failed(.other, using: &random)
            _ = machine.nextAction()
            _ = machine.nextAction()
        }
        #expect(machine.consecutiveFailures == 4)
        machine.watchOpened(now: .seconds(1000))
        _ = machine.received(.bookmark(resourceVersion: "30"), now: .seconds(1060))
        #expect(machine.consecutiveFailures == 4, "one minute healthy is not enough")
        _ = machine.received(.bookmark(resourceVersion: "31"), now: .seconds(1121))
        #expect(machine.consecutiveFailures == 0)
    }

    /// During a 60-second outage every attempt fails at once; the waits alone bound the rate.
    @Test func outageOfSixtySecondsSendsAtMostHalfARequestPerSecond() {
        var random = SeededGenerator(seed: 42)
        var machine = watchingMachine()
        var now = Duration.zero
        var requests = 0
        while now < .seconds(60) {
            switch machine.nextAction() {
            case .sleep(let delay):
                now += delay
            case .watch, .list:
                requests += 1
                machine.failed(.other, using: &random)
            }
        }
        #expect(requests <= 30)
        #expect(requests >= 4, "it does keep trying")
    }
}
