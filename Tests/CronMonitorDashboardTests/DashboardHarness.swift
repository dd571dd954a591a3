import CronMonitorAPI
import CronMonitorController
import CronMonitorDashboard
import Foundation
import Logging
import Testing

/// Runs a dashboard server on a free loopback port over caches holding `monitors`, calls `body`
/// with its port and the caches, then stops it.
func withDashboard(
    _ monitors: [CronMonitor], events: MonitorEventCaches? = nil,
    limits: LiveFeed.Limits = LiveFeed.Limits(tick: .milliseconds(50)),
    _ body: @Sendable (Int, Caches) async throws -> Void
) async throws {
    let caches = Fixtures.caches(monitors)
    let server = DashboardServer(
        host: "127.0.0.1", port: 0, monitors: MonitorSource(caches: caches, events: events), limits: limits,
        now: { Fixtures.now },
        logger: Logger(label: "test"))
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run { continuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try await body(port, caches)
        group.cancelAll()
    }
}

/// GET `path` and the JSON object it answers.
func getJSON(port: Int, _ path: String) async throws -> [String: Any] {
    let answer = try await RawHTTP.exchange(port: port, "GET \(path) HTTP/1.1")
    #expect(answer.status == 200)
    #expect(answer.headers["content-type"] == "application/json")
    let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8))
    return try #require(object as? [String: Any])
}
