import KubernetesRuntime
import KubernetesTestSupport
import Testing

/// The lane policy of `WorkQueue`, driven step by step: one `next()` is one hand-out, no worker
/// tasks, no sleeps; the manual clock never moves.
@Suite(.timeLimit(.minutes(2))) struct WorkQueueFairnessTests {
    static let hot = -1
    static let count = 1000

    /// When the hot key comes back: added after its `done` (a later watch event), or while it is
    /// being processed (its status write echoed back before the reconcile returned).
    enum Readd: CaseIterable, Sendable {
        case afterDone, whileProcessing
    }

    struct Run {
        /// The hand-out (1-based) at which each other key was handed out.
        var handedOutAt: [Int: Int] = [:]
        /// The hand-outs of the hot key.
        var hotSteps: [Int] = []
        var steps = 0
    }

    /// Hands out keys one at a time until every other key has been handed out (or `maxSteps`),
    /// re-adding the hot key in the live lane after every one of its reconciles.
    static func drive(_ queue: WorkQueue<Int, ManualClock>, readd: Readd, maxSteps: Int) async -> Run {
        var run = Run()
        while run.handedOutAt.count < count, run.steps < maxSteps {
            guard let key = await queue.next() else {
                Issue.record("the queue ended")
                break
            }
            run.steps += 1
            if key == hot {
                run.hotSteps.append(run.steps)
                switch readd {
                case .afterDone:
                    await queue.done(key)
                    await queue.add(key, lane: .live)
                case .whileProcessing:
                    await queue.add(key, lane: .live)
                    await queue.done(key)
                }
            } else {
                #expect(run.handedOutAt[key] == nil, "key \(key) handed out twice")
                run.handedOutAt[key] = run.steps
                await queue.done(key)
            }
        }
        return run
    }

    /// The production case: a monitor re-queued live by every reconcile, and 1,000 monitors of
    /// the initial list. Bound: the key with `p` initial keys ahead of it is handed out by hand-out
    /// `(liveBurst + 1) × (p + 1)`, so all 1,000 within `(liveBurst + 1) × 1,000` (3,000 with the
    /// default burst of 2); and the hot key gets every hand-out but one in `liveBurst + 1`.
    @Test(arguments: [nil, 1, 5], Readd.allCases)
    func aKeyReaddedAfterEveryReconcileDoesNotStarveTheInitialList(liveBurst: Int?, readd: Readd) async {
        let clock = ManualClock()
        let queue = liveBurst.map { WorkQueue<Int, ManualClock>(clock: clock, liveBurst: $0) }
            ?? WorkQueue<Int, ManualClock>(clock: clock)
        let burst = queue.liveBurst
        #expect(burst == liveBurst ?? 2)
        await queue.add(Self.hot, lane: .live)
        for key in 0..<Self.count { await queue.add(key, lane: .initial) }

        let bound = (burst + 1) * Self.count
        let run = await Self.drive(queue, readd: readd, maxSteps: bound + 10)

        #expect(run.handedOutAt.count == Self.count, "every initial key within \(bound) hand-outs")
        for position in 0..<Self.count {
            let step = run.handedOutAt[position] ?? Int.max
            #expect(step <= (burst + 1) * (position + 1), "initial key \(position) at hand-out \(step)")
        }
        #expect(run.steps <= bound)
        // The hot key is not starved: it is served first, then never more than one hand-out apart.
        #expect(run.hotSteps.first == 1)
        let gaps = zip(run.hotSteps.dropFirst(), run.hotSteps).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 <= 2 }, "an initial key takes at most one hand-out between two hot ones")
        #expect(run.hotSteps.count >= burst * (Self.count - 1), "live keys keep most of the hand-outs")
    }

    /// The same hot key with the 1,000 others in the live lane: first in, first out, so the hot
    /// key, re-queued at the back each time, delays each of them by at most one hand-out. Bound:
    /// the key with `p` keys ahead of it is handed out by hand-out `p + 2`; the hot key comes back
    /// after `1,000 + 1` hand-outs.
    @Test(arguments: Readd.allCases)
    func aKeyReaddedAfterEveryReconcileDoesNotStarveOtherLiveKeys(readd: Readd) async {
        let queue = WorkQueue<Int, ManualClock>(clock: ManualClock())
        await queue.add(Self.hot, lane: .live)
        for key in 0..<Self.count { await queue.add(key, lane: .live) }

        let run = await Self.drive(queue, readd: readd, maxSteps: Self.count + 10)

        #expect(run.handedOutAt.count == Self.count)
        for position in 0..<Self.count {
            let step = run.handedOutAt[position] ?? Int.max
            #expect(step <= position + 2, "live key \(position) at hand-out \(step)")
        }
        // The hot key went first, queued again behind the others, and is handed out right after them.
        #expect(run.hotSteps == [1])
        #expect(run.steps == Self.count + 1)
        #expect(await queue.next() == Self.hot)
    }

    /// Without contention (fewer live keys than the burst), every live key goes before the
    /// initial list, also live keys added after the list has started.
    @Test func liveKeysComeFirstWithoutContention() async {
        let queue = WorkQueue<String, ManualClock>(clock: ManualClock())
        for index in 0..<100 { await queue.add("initial-\(index)", lane: .initial) }
        await queue.add("live-a", lane: .live)
        await queue.add("live-b", lane: .live)
        #expect(await queue.next() == "live-a")
        #expect(await queue.next() == "live-b")
        #expect(await queue.next() == "initial-0")
        await queue.add("live-c", lane: .live)
        #expect(await queue.next() == "live-c", "a change seen now overtakes the rest of the list")
        #expect(await queue.next() == "initial-1")
        #expect(await queue.next() == "initial-2", "an empty live lane leaves every hand-out to the list")
        await queue.add("initial-50", lane: .live)  // promoted: handed out once, ahead of the list
        #expect(await queue.next() == "initial-50")
        #expect(await queue.depth == 100 - 4)
    }

    /// A key promoted out of the initial lane and queued there again goes to its back: the
    /// place it left behind does not let it overtake keys queued before it.
    @Test func aKeyBackInTheInitialLaneQueuesBehindTheOthers() async {
        let queue = WorkQueue<String, ManualClock>(clock: ManualClock())
        for key in ["a", "b", "c"] { await queue.add(key, lane: .initial) }
        await queue.add("a", lane: .live)
        #expect(await queue.next() == "a")
        await queue.done("a")
        await queue.add("a", lane: .initial)
        #expect(await queue.next() == "b")
        #expect(await queue.next() == "c")
        #expect(await queue.next() == "a")
        #expect(await queue.depth == 0)
    }

    /// With contention, the live lane takes `liveBurst` hand-outs, then the initial lane one.
    @Test func aLongLiveBacklogLetsOneInitialKeyThroughPerBurst() async {
        let queue = WorkQueue<String, ManualClock>(clock: ManualClock(), liveBurst: 3)
        for index in 0..<3 { await queue.add("initial-\(index)", lane: .initial) }
        for index in 0..<7 { await queue.add("live-\(index)", lane: .live) }
        var order: [String] = []
        for _ in 0..<10 {
            guard let key = await queue.next() else { break }
            order.append(key)
        }
        #expect(order == [
            "live-0", "live-1", "live-2", "initial-0", "live-3", "live-4", "live-5", "initial-1",
            "live-6", "initial-2",
        ])
        #expect(await queue.depth == 0)
    }
}
