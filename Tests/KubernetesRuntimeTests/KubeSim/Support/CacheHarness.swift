import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import KubernetesTestSupport
import Synchronization

/// Runs a Watcher into a Store in a child task, and lets the test await states of the cache and
/// inspect every `StoreChange` handlers would have seen.
final class CacheHarness: Sendable {
    let cache = Store<SimJob>()
    private let seen = Mutex<[StoreChange<SimJob>]>([])
    private let waiters = ConditionWaiters<Store<SimJob>>()

    /// Every change the cache reported so far.
    var changes: [StoreChange<SimJob>] { seen.withLock { $0 } }

    /// Consumes `watcher` until cancelled, applying each event to the cache.
    func consume<W: AsyncSequence<WatcherEvent<SimJob>, any Error>>(_ watcher: W) async throws {
        for try await event in watcher {
            let changes = cache.apply(event)
            seen.withLock { $0 += changes }
            waiters.check(cache)
        }
    }

    /// Returns once `condition` holds for the cache (or the task is cancelled).
    func wait(until condition: @escaping @Sendable (Store<SimJob>) -> Bool) async {
        await waiters.wait(until: condition, current: { cache })
    }

    /// Returns once the cache holds exactly `expected`.
    func wait(forContents expected: Set<SimJob>) async {
        await wait { Set($0.list()) == expected }
    }
}

/// Runs `body`, failing with `TimedOut` if it has not finished after `seconds` of real time (a
/// generous bound so that a broken test fails instead of hanging; never a timing assertion).
func withDeadline<Result: Sendable>(
    seconds: Int = 60, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else { throw TimedOut(seconds: seconds) }
        return result
    }
}

struct TimedOut: Error, CustomStringConvertible {
    var seconds: Int
    var description: String { "not done after \(seconds) s" }
}

/// A watch source over Jobs in `default`, projected to `SimJob`.
func jobSource(_ client: KubernetesClient) -> ClientWatchSource<JSONValue, SimJob> {
    ClientWatchSource(
        client: client, resource: BatchV1.Job.resource, namespace: "default",
        project: SimJob.init(json:),
        resourceVersion: { $0["metadata"]?["resourceVersion"]?.stringValue })
}
