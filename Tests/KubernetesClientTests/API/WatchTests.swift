import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesTestSupport
import Testing

@Suite(.timeLimit(.minutes(2))) struct WatchTests {
    static let path = "/apis/batch/v1/namespaces/ops/jobs?watch=true&resourceVersion=100&allowWatchBookmarks=true"
    static let options = WatchOptions(resourceVersion: "100")

    static let added = #"{"type":"ADDED","object":{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"nightly-1","resourceVersion":"101"},"status":{"active":1}}}"#
    static let modified = #"{"type":"MODIFIED","object":{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"nightly-1","resourceVersion":"102"},"status":{"succeeded":1,"completionTime":"2026-11-23T02:05:00Z","conditions":[{"type":"Complete","status":"True","lastTransitionTime":"2026-11-23T02:05:00Z"}]}}}"#
    static let bookmark = #"{"type":"BOOKMARK","object":{"kind":"Job","apiVersion":"batch/v1","metadata":{"resourceVersion":"150","creationTimestamp":null},"spec":{"template":{"metadata":{"creationTimestamp":null},"spec":{"containers":null}}},"status":{}}}"#
    static let deleted = #"{"type":"DELETED","object":{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"nightly-1","resourceVersion":"151"}}}"#
    static let expired = #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 100 (4521)","reason":"Expired","code":410}}"#

    /// Drains the stream; returns the events and the error it ended with.
    func drain(_ stream: WatchEventStream<BatchV1.Job>) async -> ([WatchEvent<BatchV1.Job>], KubernetesError?) {
        var events: [WatchEvent<BatchV1.Job>] = []
        var iterator = stream.makeAsyncIterator()
        do {
            while let event = try await iterator.next() {
                events.append(event)
            }
            return (events, nil)
        } catch {
            return (events, error)
        }
    }

    @Test func decodesEventsIncludingBookmarks() async throws {
        let transport = ScriptedTransport([
            .watch(Self.path, reply: .events([Self.added, Self.modified, Self.bookmark, Self.deleted])),
        ])
        let stream = try await KubernetesClient(transport: transport).watch(BatchV1.Job.self, namespace: "ops", options: Self.options)
        let (events, error) = await drain(stream)
        #expect(error == nil)
        #expect(events.map(\.type) == ["ADDED", "MODIFIED", "BOOKMARK", "DELETED"])
        #expect(events[0].object?.status?.active == 1)
        #expect(events[1].object?.status?.condition("Complete")?.isTrue == true)
        #expect(events[2] == .bookmark(WatchBookmark(resourceVersion: "150")))
        #expect(events[3].object?.metadata.resourceVersion == "151")
        try transport.verifyAllConsumed()
    }

    @Test func eventsSplitAcrossArbitraryChunksDecodeTheSame() async throws {
        let body = Array((Self.added + "\n" + Self.bookmark + "\r\n" + Self.deleted + "\n").utf8)
        for size in [1, 7, 64, body.count] {
            let chunks = stride(from: 0, to: body.count, by: size).map { Array(body[$0..<min($0 + size, body.count)]) }
            let transport = ScriptedTransport([
                .watch(Self.path, reply: .stream(status: 200, headers: [:], chunks: chunks, ending: .end)),
            ])
            let stream = try await KubernetesClient(transport: transport).watch(BatchV1.Job.self, namespace: "ops", options: Self.options)
            let (events, error) = await drain(stream)
            #expect(error == nil, "chunk size \(size)")
            #expect(events.map(\.type) == ["ADDED", "BOOKMARK", "DELETED"], "chunk size \(size)")
            try transport.verifyAllConsumed()
        }
    }

    @Test func errorEventWith410EndsTheWatchAsGone() async throws {
        let transport = ScriptedTransport([
            .watch(Self.path, reply: .events([Self.added, Self.expired, Self.deleted])),
        ])
        let stream = try await KubernetesClient(transport: transport).watch(BatchV1.Job.self, namespace: "ops", options: Self.options)
        let (events, error) = await drain(stream)
        #expect(events.map(\.type) == ["ADDED"])
        guard case .gone(let status) = error else {
            Issue.record("expected .gone, got \(String(describing: error))")
            return
        }
        #expect(status.message == "too old resource version: 100 (4521)")
        try transport.verifyAllConsumed()
    }

    @Test func refusedWatchIsATypedError() async throws {
        let transport = ScriptedTransport([
            .watch(Self.path, reply: .stream(
                status: 403, headers: ["content-type": "application/json"],
                chunks: [Array(StatusBodies.forbidden.utf8.prefix(40)), Array(StatusBodies.forbidden.utf8.dropFirst(40))],
                ending: .end)),
            .watch(Self.path, reply: .json(410, StatusBodies.goneWatch)),
        ])
        let client = KubernetesClient(transport: transport)
        await #expect {
            _ = try await client.watch(BatchV1.Job.self, namespace: "ops", options: Self.options)
        } throws: { error in
            guard case .forbidden(let status) = error as? KubernetesError else { return false }
            return status.details?.kind == "jobs"
        }
        await #expect {
            _ = try await client.watch(BatchV1.Job.self, namespace: "ops", options: Self.options)
        } throws: { error in
            guard case .gone = error as? KubernetesError else { return false }
            return true
        }
        try transport.verifyAllConsumed()
    }

    @Test func brokenConnectionAndCutOffLineAreTransportErrors() async throws {
        let transport = ScriptedTransport([
            .watch(Self.path, reply: .events([Self.added], ending: .fail(TransportError(.connect, "connection reset")))),
            .watch(Self.path, reply: .stream(status: 200, headers: [:], chunks: [Array((Self.added + "\n{\"type\":\"MOD").utf8)], ending: .end)),
        ])
        let client = KubernetesClient(transport: transport)
        let (events, error) = await drain(try await client.watch(BatchV1.Job.self, namespace: "ops", options: Self.options))
        #expect(events.count == 1)
        #expect(error == .transport(TransportError(.connect, "connection reset")))
        let (moreEvents, cutOff) = await drain(try await client.watch(BatchV1.Job.self, namespace: "ops", options: Self.options))
        #expect(moreEvents.count == 1)
        guard case .transport(let transportError) = cutOff else {
            Issue.record("expected a transport error, got \(String(describing: cutOff))")
            return
        }
        #expect(transportError.kind == .bodyTruncated)
        try transport.verifyAllConsumed()
    }

    @Test func undecodableLineIsADecodingError() async throws {
        let transport = ScriptedTransport([
            .watch(Self.path, reply: .events([#"{"type":"ADDED","object":{"metadata":{"name":7}}}"#, Self.added])),
        ])
        let (events, error) = await drain(
            try await KubernetesClient(transport: transport).watch(BatchV1.Job.self, namespace: "ops", options: Self.options))
        #expect(events.isEmpty)
        guard case .decoding(let message) = error else {
            Issue.record("expected .decoding, got \(String(describing: error))")
            return
        }
        #expect(message.contains(".object.metadata.name"))
        try transport.verifyAllConsumed()
    }

    @Test func cancellingTheConsumerEndsAHangingWatch() async throws {
        let transport = ScriptedTransport([
            .watch(Self.path, reply: .events([Self.added], ending: .hang)),
        ])
        let stream = try await KubernetesClient(transport: transport).watch(BatchV1.Job.self, namespace: "ops", options: Self.options)
        let (firstEvent, continuation) = AsyncStream<String>.makeStream()
        let consumer = Task {
            var iterator = stream.makeAsyncIterator()
            do {
                while let event = try await iterator.next() {
                    continuation.yield(event.type)
                }
                return KubernetesError?.none
            } catch let error as KubernetesError {
                return error
            } catch {
                return KubernetesError.decoding("untyped error \(error)")
            }
        }
        var received = firstEvent.makeAsyncIterator()
        #expect(await received.next() == "ADDED")
        consumer.cancel()
        let ending = await consumer.value
        #expect(ending == .transport(TransportError(.cancelled, "watch cancelled")))
        #expect(ending?.isRetryable == false)
        try transport.verifyAllConsumed()
    }

    /// Counts events in a function that throws only `KubernetesError`: the stream's typed
    /// failure propagates through `for try await`.
    static func countEvents(_ stream: WatchEventStream<BatchV1.Job>) async throws(KubernetesError) -> Int {
        var count = 0
        for try await _ in stream {
            count += 1
        }
        return count
    }

    @Test func typedFailurePropagatesThroughForTryAwait() async throws {
        let transport = ScriptedTransport([
            .watch(Self.path, reply: .events([Self.added, Self.bookmark])),
            .watch(Self.path, reply: .events([Self.added, Self.expired])),
        ])
        let client = KubernetesClient(transport: transport)
        #expect(try await Self.countEvents(client.watch(BatchV1.Job.self, namespace: "ops", options: Self.options)) == 2)
        let stream = try await client.watch(BatchV1.Job.self, namespace: "ops", options: Self.options)
        do {
            _ = try await Self.countEvents(stream)
            Issue.record("expected the ERROR event to throw")
        } catch {
            #expect(error.code == 410)
        }
        try transport.verifyAllConsumed()
    }

    @Test func customResourceWatchAsJSONValue() async throws {
        let cronMonitors = ResourceDescriptor(
            group: "cronmonitor.io", version: "v1alpha1", kind: "CronMonitor", plural: "cronmonitors", isNamespaced: true)
        let transport = ScriptedTransport([
            .watch("/apis/cronmonitor.io/v1alpha1/cronmonitors?watch=true&allowWatchBookmarks=true",
                   reply: .events([#"{"type":"ADDED","object":{"metadata":{"name":"backup"},"spec":{"cronJobName":"backup"}}}"#])),
        ])
        let stream = try await KubernetesClient(transport: transport).watch(
            resource: cronMonitors, namespace: nil, as: JSONValue.self)
        var names: [String] = []
        for try await event in stream {
            names.append(event.object?["metadata"]?["name"]?.stringValue ?? "?")
        }
        #expect(names == ["backup"])
        try transport.verifyAllConsumed()
    }
}
