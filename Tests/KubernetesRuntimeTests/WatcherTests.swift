import KubernetesRuntime
import KubernetesTestSupport
import Synchronization
import Testing

/// A scripted source: each list or watch call takes the next step of the script.
final class ScriptedSource: WatchSource, Sendable {
    enum Step: Sendable {
        case page(ListPage<String>)
        case stream([WatchChange<String>], end: End)
        case fail(WatcherFailure)
    }

    enum End: Sendable {
        case clean
        case error(WatcherFailure)
    }

    struct Failure: Error {
        let failure: WatcherFailure
    }

    private let steps: Mutex<[Step]>
    let calls = Mutex<[String]>([])

    init(_ steps: [Step]) {
        self.steps = Mutex(steps)
    }

    private func take() throws -> Step {
        guard let step = steps.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else {
            throw CancellationError()  // script exhausted: end the test's loop
        }
        return step
    }

    func list(continueToken: String?, limit: Int) async throws -> ListPage<String> {
        calls.withLock { $0.append("list(\(continueToken ?? "-"),\(limit))") }
        switch try take() {
        case .page(let page): return page
        case .fail(let failure): throw Failure(failure: failure)
        case .stream: throw CancellationError()
        }
    }

    func watch(from resourceVersion: String, timeout: Duration) async throws -> AsyncThrowingStream<WatchChange<String>, any Error> {
        calls.withLock { $0.append("watch(\(resourceVersion))") }
        switch try take() {
        case .stream(let changes, let end):
            return AsyncThrowingStream { continuation in
                for change in changes { continuation.yield(change) }
                switch end {
                case .clean: continuation.finish()
                case .error(let failure): continuation.finish(throwing: Failure(failure: failure))
                }
            }
        case .fail(let failure): throw Failure(failure: failure)
        case .page: throw CancellationError()
        }
    }

    func classify(_ error: any Error) -> WatcherFailure {
        (error as? Failure)?.failure ?? .other
    }
}

@Suite(.timeLimit(.minutes(2))) struct WatcherTests {
    /// Runs the watcher until the script is exhausted; returns the events it produced.
    func run(_ source: ScriptedSource, clock: ImmediateClock = ImmediateClock()) async -> [WatcherEvent<String>] {
        var events: [WatcherEvent<String>] = []
        var iterator = Watcher(source: source, clock: clock, pageSize: 2).makeAsyncIterator()
        while let event = try? await iterator.next() {
            events.append(event)
        }
        return events
    }

    @Test func listsAllPagesThenWatchesAndResumesWithoutRelisting() async {
        let source = ScriptedSource([
            .page(ListPage(items: ["a", "b"], continueToken: "c1", resourceVersion: "5")),
            .page(ListPage(items: ["c"], continueToken: nil, resourceVersion: "6")),
            .stream([.added("d", resourceVersion: "7"), .bookmark(resourceVersion: "9")], end: .clean),
            .stream([.deleted("a", resourceVersion: "10")], end: .clean),
        ])
        let events = await run(source)
        #expect(events == [.restartPage(["a", "b"], isFirst: true), .restartDone(["c"]), .applied("d"), .deleted("a")])
        #expect(source.calls.withLock { $0 } == ["list(-,2)", "list(c1,2)", "watch(6)", "watch(9)", "watch(10)"])
    }

    @Test func goneRelistsAndOtherErrorsRewatchAfterABackoff() async {
        let clock = ImmediateClock()
        let source = ScriptedSource([
            .page(ListPage(items: ["a"], continueToken: nil, resourceVersion: "5")),
            .stream([.modified("a", resourceVersion: "8")], end: .error(.other)),
            .stream([], end: .error(.gone)),
            .page(ListPage(items: ["a", "z"], continueToken: nil, resourceVersion: "20")),
        ])
        let events = await run(source, clock: clock)
        #expect(events == [.restarted(["a"]), .applied("a"), .restarted(["a", "z"])])
        #expect(source.calls.withLock { $0 } == ["list(-,2)", "watch(5)", "watch(8)", "list(-,2)", "watch(20)"])
        #expect(clock.sleeps.count == 1, "one backoff, for the error; none for the 410")
    }

    @Test func failedListsBackOffWithGrowingDelays() async {
        let clock = ImmediateClock()
        let source = ScriptedSource([
            .fail(.other), .fail(.other), .fail(.other),
            .page(ListPage(items: [], continueToken: nil, resourceVersion: "1")),
        ])
        let events = await run(source, clock: clock)
        #expect(events == [.restarted([])])
        let sleeps = clock.sleeps
        #expect(sleeps.count == 3)
        #expect(sleeps == sleeps.sorted(), "delays grow: \(sleeps)")
    }

    @Test func throttledWatchWaitsAtLeastRetryAfter() async {
        let clock = ImmediateClock()
        let source = ScriptedSource([
            .page(ListPage(items: [], continueToken: nil, resourceVersion: "1")),
            .fail(.throttled(retryAfter: .seconds(7))),
            .stream([], end: .clean),
        ])
        _ = await run(source, clock: clock)
        #expect(clock.sleeps.count == 1)
        #expect(clock.sleeps.allSatisfy { $0 >= .seconds(7) })
    }
}
