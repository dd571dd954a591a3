import KubernetesRuntime
import KubernetesTestSupport
import Testing

@Suite(.timeLimit(.minutes(2))) struct WorkQueueTests {
    @Test func aQueuedKeyIsQueuedOnce() async {
        let queue = WorkQueue<String, ManualClock>(clock: ManualClock())
        await queue.add("a")
        await queue.add("a")
        await queue.add("b")
        #expect(await queue.depth == 2)
        #expect(await queue.next() == "a")
        #expect(await queue.next() == "b")
        #expect(await queue.depth == 0)
    }

    @Test func aKeyIsNeverHandedOutTwiceAtOnce() async {
        let queue = WorkQueue<String, ManualClock>(clock: ManualClock())
        await queue.add("a")
        #expect(await queue.next() == "a")
        await queue.add("a")  // changed while being reconciled
        await queue.add("b")
        #expect(await queue.next() == "b", "a is still being processed")
        await queue.done("a")
        #expect(await queue.next() == "a", "the change seen during processing is not lost")
    }

    @Test func delayedKeyBecomesReadyWhenItsTimeComes() async {
        let clock = ManualClock()
        let queue = WorkQueue<String, ManualClock>(clock: clock)
        await queue.add("later", after: .seconds(5))
        async let first = queue.next()
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(4))
        await queue.add("now")
        #expect(await first == "now", "the delayed key is not due after 4 s")
        async let second = queue.next()
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(1))
        #expect(await second == "later")
    }

    @Test func theEarliestDelayWins() async {
        let clock = ManualClock()
        let queue = WorkQueue<String, ManualClock>(clock: clock)
        await queue.add("k", after: .seconds(60))
        await queue.add("k", after: .seconds(2))
        await queue.add("k", after: .seconds(30))
        async let key = queue.next()
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(2))
        #expect(await key == "k")
    }

    @Test func failureBackoffDoublesAndForgetResetsIt() async {
        let clock = ManualClock()
        let queue = WorkQueue<String, ManualClock>(clock: clock)
        for expected in [Duration.milliseconds(5), .milliseconds(10), .milliseconds(20)] {
            await queue.addAfterFailure("k")
            async let key = queue.next()
            await clock.waitForSleepers(1)
            clock.advance(by: expected - .milliseconds(1))
            await queue.add("probe")
            #expect(await key == "probe", "not due 1 ms before \(expected)")
            await queue.done("probe")
            async let retried = queue.next()
            await clock.waitForSleepers(1)
            clock.advance(by: .milliseconds(1))
            #expect(await retried == "k")
            await queue.done("k")
        }
        #expect(await queue.failureCount("k") == 3)
        await queue.forget("k")
        #expect(await queue.failureCount("k") == 0)
    }

    @Test func liveChangesOvertakeTheInitialList() async {
        let queue = WorkQueue<Int, ManualClock>(clock: ManualClock())
        for key in 0..<1000 { await queue.add(key, lane: .initial) }
        await queue.add(5000, lane: .live)
        await queue.add(7, lane: .live)  // also in the initial lane: promoted, not duplicated
        #expect(await queue.next() == 5000)
        #expect(await queue.next() == 7)
        #expect(await queue.next() == 0)
        #expect(await queue.depth == 998, "1,001 distinct keys less the 3 handed out")
    }

    @Test func shutDownEndsWaitingConsumers() async {
        let queue = WorkQueue<String, ManualClock>(clock: ManualClock())
        async let key = queue.next()
        await Task.yield()
        await queue.shutDown()
        #expect(await key == nil)
        await queue.add("ignored")
        #expect(await queue.next() == nil)
    }
}
