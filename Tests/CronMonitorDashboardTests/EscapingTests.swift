import CronMonitorAPI
import Foundation
import Testing

@testable import CronMonitorDashboard

@Suite struct EscapingTests {
    @Test func theBadgeSaysTheHealthInWordsAndEscapesItsLabel() throws {
        let badge = StatusBadge(label: "a<b>&\"c'", health: .unhealthy).svg
        #expect(badge.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(badge.contains("a&lt;b&gt;&amp;&quot;c&#39;"))
        #expect(!badge.contains("<b>"))
        #expect(badge.contains(">failing</text>"))
        #expect(badge.contains("<title>"))
        #expect(StatusBadge(label: "x", health: .healthy).svg.contains(">healthy</text>"))
        #expect(StatusBadge(label: "x", health: .notReady).svg.contains(">not ready</text>"))
        let long = StatusBadge(label: String(repeating: "n", count: 200), health: .unknown)
        #expect(long.label.count == StatusBadge.maxLabelCharacters)
    }

    @Test func theBadgeIsServedAsSVG() async throws {
        try await withDashboard([Fixtures.failing(), Fixtures.healthy()]) { port, _ in
            let failing = try await RawHTTP.exchange(port: port, "GET /badge/team-a/backup.svg HTTP/1.1")
            #expect(failing.status == 200)
            #expect(failing.headers["content-type"] == "image/svg+xml; charset=utf-8")
            #expect(failing.body.contains(">backup</text>"))
            #expect(failing.body.contains(">failing</text>"))
            let healthy = try await RawHTTP.exchange(port: port, "GET /badge/team-b/etl.svg HTTP/1.1")
            #expect(healthy.body.contains(">healthy</text>"))
        }
    }

    /// Workload text reaches the browser only inside JSON strings; the pages are static and their
    /// scripts build the DOM from text nodes only.
    @Test func workloadTextIsOnlyEverJSONAndNoScriptInjectsMarkup() async throws {
        try await withDashboard([Fixtures.failing()]) { port, _ in
            let answer = try await RawHTTP.exchange(port: port, "GET /api/v1/namespaces/team-a/monitors/backup HTTP/1.1")
            #expect(answer.headers["content-type"] == "application/json")
            #expect(answer.body.contains("\"message\":\"<img src=x onerror=alert(1)>\""))
            for page in ["/", "/monitors/team-a/backup"] {
                let html = try await RawHTTP.exchange(port: port, "GET \(page) HTTP/1.1").body
                #expect(!html.contains("onerror"))
                #expect(!html.contains("<script>"), "no inline script in \(page)")
                #expect(!html.contains("<style"), "no inline style in \(page)")
                #expect(!html.contains("style=\""), "no style attribute in \(page)")
            }
        }
        for name in ["app.js", "common.js", "overview.js", "monitor.js", "charts.js"] {
            let script = String(decoding: try #require(Asset.named(name)).bytes, as: UTF8.self)
            for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute(\"style\""] {
                #expect(!script.contains(sink), "\(name) uses \(sink)")
            }
        }
    }

    @Test func thePagesAreSmall() {
        #expect(Asset.pageWeight < 64 * 1024)
    }
}
