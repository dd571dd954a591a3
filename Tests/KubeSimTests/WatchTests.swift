import Foundation
import KubernetesModel
import Testing
@testable import KubeSim

@Suite(.timeLimit(.minutes(5))) struct WatchTests {
    static let jobs = "/apis/batch/v1/namespaces/default/jobs"

    @Test func initialStateThenLiveChangesInOrder() async throws {
        try await Harness.withServer { store, client, _ in
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
            let watch = try client.watch("\(Self.jobs)?watch=true&timeoutSeconds=30")
            defer { watch.close() }
            var events = watch.events.makeAsyncIterator()
            let initial = try #require(await events.next())
            #expect(initial.at("type") == .string("ADDED"))
            #expect(initial.at("object.metadata.name") == .string("a"))
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("b"))
            _ = try store.patch(.jobs, namespace: "default", name: "a", type: .merge, body: Array(#"{"spec":{"suspend":true}}"#.utf8))
            _ = try store.delete(.jobs, namespace: "default", name: "b")
            var seen: [String] = []
            var versions: [Int64] = []
            for _ in 0..<3 {
                let event = try #require(await events.next())
                seen.append("\(event.at("type")?.stringValue ?? "") \(event.at("object.metadata.name")?.stringValue ?? "")")
                versions.append(Int64(event.at("object.metadata.resourceVersion")?.stringValue ?? "") ?? 0)
            }
            #expect(seen == ["ADDED b", "MODIFIED a", "DELETED b"])
            #expect(versions == versions.sorted() && Set(versions).count == 3)
        }
    }

    @Test func resumingFromACompactedVersionIsExpired() async throws {
        let store = try ObjectStore(configuration: ObjectStore.Configuration(historyCapacity: 5))
        for index in 0..<10 { _ = try store.create(.jobs, namespace: "default", object: try Harness.job("j\(index)")) }
        try await Harness.withServer(store: store) { _, client, _ in
            let watch = try client.watch("\(Self.jobs)?watch=true&resourceVersion=2&timeoutSeconds=30")
            defer { watch.close() }
            var events = watch.events.makeAsyncIterator()
            let error = try #require(await events.next())
            #expect(error.at("type") == .string("ERROR"))
            #expect(error.at("object.code") == .int(410))
            #expect(error.at("object.reason") == .string("Expired"))
            #expect(await events.next() == nil)
        }
    }

    @Test func resumingFromARetainedVersionReplaysOnlyLaterChanges() async throws {
        try await Harness.withServer { store, client, _ in
            let first = try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("b"))
            let version = try #require(first.at("metadata.resourceVersion")?.stringValue)
            let watch = try client.watch("\(Self.jobs)?watch=true&resourceVersion=\(version)&timeoutSeconds=30")
            defer { watch.close() }
            var events = watch.events.makeAsyncIterator()
            let replayed = try #require(await events.next())
            #expect(replayed.at("type") == .string("ADDED"))
            #expect(replayed.at("object.metadata.name") == .string("b"))
        }
    }

    @Test func bookmarksArrive() async throws {
        try await Harness.withServer(bookmarkInterval: .milliseconds(20)) { store, client, _ in
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
            let watch = try client.watch("\(Self.jobs)?watch=true&allowWatchBookmarks=true&timeoutSeconds=30")
            defer { watch.close() }
            var bookmark: JSONValue?
            for await event in watch.events where event.at("type") == .string("BOOKMARK") {
                bookmark = event
                break
            }
            let found = try #require(bookmark)
            #expect(found.at("object.kind") == .string("Job"))
            #expect(found.at("object.metadata.resourceVersion") == .string(String(store.currentResourceVersion)))
        }
    }

    @Test func selectorsApplyToWatches() async throws {
        try await Harness.withServer { store, client, _ in
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("a", labels: ["app": "web"]))
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("b", labels: ["app": "db"]))
            let watch = try client.watch("\(Self.jobs)?watch=true&labelSelector=app%3Dweb&timeoutSeconds=30")
            defer { watch.close() }
            var events = watch.events.makeAsyncIterator()
            let initial = try #require(await events.next())
            #expect(initial.at("object.metadata.name") == .string("a"))
            _ = try store.patch(.jobs, namespace: "default", name: "b", type: .merge, body: Array(#"{"spec":{"x":1}}"#.utf8))
            _ = try store.patch(.jobs, namespace: "default", name: "a", type: .merge, body: Array(#"{"metadata":{"labels":{"app":"db"}}}"#.utf8))
            let left = try #require(await events.next())
            #expect(left.at("type") == .string("DELETED"))
            #expect(left.at("object.metadata.name") == .string("a"))
        }
    }

    @Test func timeoutSecondsEndsTheWatch() async throws {
        try await Harness.withServer { _, client, _ in
            let watch = try client.watch("\(Self.jobs)?watch=true&timeoutSeconds=1")
            defer { watch.close() }
            var count = 0
            for await _ in watch.events { count += 1 }
            #expect(count == 0)
        }
    }

    @Test func sendInitialEventsIsRejected() async throws {
        try await Harness.withServer { _, client, _ in
            let reply = try await client.request("GET", "\(Self.jobs)?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan")
            #expect(reply.status == 422)
            #expect(reply.body.at("message")?.stringValue?.contains("sendInitialEvents") == true)
        }
    }
}
