import CronMonitorAPI
import CronMonitorDashboard
import Foundation
import KubernetesClient
import KubernetesModel
import Testing

@Suite(.timeLimit(.minutes(3))) struct LiveFeedTests {
    @Test(arguments: [
        (ServerSentEvent.message(event: "changed", data: "{\"a\":1}", id: "7"), "event: changed\nid: 7\ndata: {\"a\":1}\n\n"),
        (.message(event: "x", data: "one\ntwo\r\nthree"), "event: x\ndata: one\ndata: two\ndata: three\n\n"),
        (.message(event: "evil\ndata: injected", data: ""), "event: evildata: injected\ndata: \n\n"),
        (.retry(milliseconds: 3000), "retry: 3000\n\n"),
        (.comment("keep-alive"), ": keep-alive\n\n"),
        (.comment("a\nb"), ": ab\n\n"),
    ])
    func framesServerSentEvents(event: ServerSentEvent, frame: String) {
        #expect(event.frame == frame)
    }

    @Test func tellsSubscribersWhichMonitorsChanged() async throws {
        let feed = LiveFeed(limits: LiveFeed.Limits(keepAliveTicks: 0, lifetimeTicks: 100, maxSubscribers: 2))
        let stream = try #require(feed.subscribe())
        var iterator = stream.makeAsyncIterator()
        let backup = Fixtures.failing()
        let etl = Fixtures.healthy()
        feed.tick(monitors: [backup, etl])  // the first tick only records
        var changed = backup
        changed.status?.consecutiveFailures = 2
        feed.tick(monitors: [changed, etl])
        #expect(await iterator.next() == .changed(version: 1, monitors: ["team-a/backup"]))
        feed.tick(monitors: [changed])
        #expect(await iterator.next() == .changed(version: 2, monitors: ["team-b/etl"]))
        #expect(feed.version == 2)
    }

    @Test func aChangeOfAMonitorsEventsPushesIt() async throws {
        let feed = LiveFeed(limits: LiveFeed.Limits(keepAliveTicks: 0, lifetimeTicks: 100, maxSubscribers: 1))
        let stream = try #require(feed.subscribe())
        var iterator = stream.makeAsyncIterator()
        let events = Fixtures.events([])
        let revision: (CronMonitor) -> UInt64 = { events.revision(for: $0) }
        let monitors = [Fixtures.failing(), Fixtures.healthy()]
        feed.tick(monitors: monitors, eventsRevision: revision)
        events.entries[nil]?.cache.apply(
            .applied(Fixtures.event("backup.1", uid: "m-backup", reason: "Recovered", type: "Normal", note: "ok", at: 0)))
        feed.tick(monitors: monitors, eventsRevision: revision)
        #expect(await iterator.next() == .changed(version: 1, monitors: ["team-a/backup"]))
    }

    @Test func boundsSubscribersSendsKeepAlivesAndEndsStreamsAfterTheirLifetime() async throws {
        let feed = LiveFeed(limits: LiveFeed.Limits(keepAliveTicks: 2, lifetimeTicks: 3, maxSubscribers: 1))
        let stream = try #require(feed.subscribe())
        #expect(feed.subscribe() == nil)
        #expect(feed.subscriberCount == 1)
        for _ in 0..<3 { feed.tick(monitors: []) }
        var messages: [LiveFeed.Message] = []
        for await message in stream { messages.append(message) }
        #expect(messages == [.keepAlive])
        #expect(feed.subscriberCount == 0)
        #expect(feed.subscribe() != nil)
        feed.close()
        #expect(feed.subscribe() == nil)
    }

    @Test func streamsChangesOverHTTP() async throws {
        try await withDashboard([Fixtures.failing()]) { port, caches in
            let url = try #require(URL(string: "http://127.0.0.1:\(port)"))
            let client = try CurlTransport(
                configuration: ClusterConfiguration(server: url, tls: TLSSettings(), credentials: StaticCredentials(), namespace: nil))
            let response = try await client.stream(HTTPRequest(method: .get, path: "/api/v1/stream", isStreaming: true))
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/event-stream; charset=utf-8")
            var received = ""
            var changedCache = false
            for try await chunk in response.body {
                received += String(decoding: chunk, as: UTF8.self)
                if received.contains("event: hello\n"), !changedCache {
                    changedCache = true
                    var monitor = Fixtures.failing()
                    monitor.status?.consecutiveFailures = 5
                    caches.monitors.stores[nil]?.apply(.applied(monitor))
                }
                if received.contains("event: changed\n") { break }
            }
            #expect(received.hasPrefix("retry: 3000\n\nevent: hello\ndata: {\"version\":"))
            #expect(received.contains("event: changed\nid: 1\ndata: {\"version\":1,\"monitors\":[\"team-a/backup\"]}\n\n"))
        }
    }

    @Test func refusesStreamsBeyondTheLimit() async throws {
        let limits = LiveFeed.Limits(tick: .milliseconds(50), maxSubscribers: 1)
        try await withDashboard([], limits: limits) { port, _ in
            let url = try #require(URL(string: "http://127.0.0.1:\(port)"))
            let client = try CurlTransport(
                configuration: ClusterConfiguration(server: url, tls: TLSSettings(), credentials: StaticCredentials(), namespace: nil))
            let first = try await client.stream(HTTPRequest(method: .get, path: "/api/v1/stream", isStreaming: true))
            #expect(first.status == 200)
            let second = try await client.send(HTTPRequest(method: .get, path: "/api/v1/stream"))
            #expect(second.status == 503)
            #expect(second.headers["retry-after"] == "30")
            _ = first
        }
    }
}
