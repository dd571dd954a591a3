import CronMonitorAPI
import CronMonitorDashboard
import Foundation
import Logging
import Testing

@Suite(.timeLimit(.minutes(3))) struct DashboardAPITests {
    @Test func theMonitorListHasEveryMonitorWithItsHealthAndCounts() async throws {
        try await withDashboard([Fixtures.failing(), Fixtures.healthy()]) { port, _ in
            let list = try await getJSON(port: port, "/api/v1/monitors")
            #expect(Set(list.keys) == ["monitors", "counts", "version", "generatedAt"])
            let counts = try #require(list["counts"] as? [String: Int])
            #expect(counts == ["Healthy": 1, "Unhealthy": 1, "NotReady": 0, "Unknown": 0])
            let monitors = try #require(list["monitors"] as? [[String: Any]])
            #expect(monitors.map { $0["name"] as? String } == ["backup", "etl"])
            let backup = monitors[0]
            #expect(backup["namespace"] as? String == "team-a")
            #expect(backup["target"] as? String == "CronJob/backup")
            #expect(backup["schedule"] as? String == "*/5 * * * *")
            #expect(backup["health"] as? String == "Unhealthy")
            #expect(backup["healthReason"] as? String == "RunFailed")
            #expect(backup["lastResult"] as? String == "Failed")
            #expect(backup["consecutiveFailures"] as? Int == 1)
            #expect(backup["nextScheduleTime"] as? String == Fixtures.time(300).rfc3339)
            let active = try #require(backup["activeRuns"] as? [[String: Any]])
            #expect(active.map { $0["jobName"] as? String } == ["backup-3"])
            #expect(active.first?["result"] as? String == "Pending")
            #expect(active.first?["cause"] as? String == "ImagePullBackOff")
            #expect(active.first?["hint"] as? String == "check the image name and the pull secret")
            let recent = try #require(backup["recentRuns"] as? [[String: Any]])
            #expect(recent.map { $0["result"] as? String } == ["Pending", "Failed", "Succeeded"])
            #expect(monitors[1]["target"] as? String == "selector app=etl")
        }
    }

    @Test func aMonitorsDetailHasItsScheduleInWordsRunsDaysAndEvents() async throws {
        let events = Fixtures.events([
            Fixtures.event(
                "backup.1", uid: "m-backup", reason: "RunFailed", type: "Warning", note: "Job backup-2 failed: \(Fixtures.markup)",
                count: 3, at: -300),
            Fixtures.event("backup.2", uid: "m-backup", reason: "Recovered", type: "Normal", note: "back to normal", at: -10),
            // A monitor of the same name deleted before: not this one's.
            Fixtures.event("backup.0", uid: "m-old", reason: "RunFailed", type: "Warning", note: "old", at: -5),
        ])
        var monitor = Fixtures.failing()
        monitor.status?.pendingAlerts = [
            PendingAlert(reason: "RunStuck", note: "Job backup-3 runs too long", jobName: "backup-3", scheduledTime: Fixtures.time(-20))
        ]
        try await withDashboard([monitor], events: events) { port, _ in
            let detail = try await getJSON(port: port, "/api/v1/namespaces/team-a/monitors/backup")
            #expect(
                Set(detail.keys)
                    == ["summary", "scheduleDescription", "nextRuns", "spec", "runs", "daily", "durations", "totals", "conditions", "events"])
            #expect(detail["eventsUnavailable"] == nil)
            #expect(detail["scheduleDescription"] as? String == "Every 5 minutes")
            let next = try #require(detail["nextRuns"] as? [String])
            #expect(next.count == MonitorDetail.nextRunLimit)
            // Every 5 minutes after now (100 s past a multiple of 300 s).
            #expect(next.first == Fixtures.time(200).rfc3339)
            #expect(next.last == Fixtures.time(200 + 4 * 300).rfc3339)
            let runs = try #require(detail["runs"] as? [[String: Any]])
            #expect(runs.count == 3)
            #expect(runs[1]["message"] as? String == Fixtures.markup)
            #expect(runs[1]["reason"] as? String == "BackoffLimitExceeded")
            #expect(runs[1]["durationSeconds"] as? Int == 18)
            #expect(runs[1]["cause"] as? String == "OOMKilled")
            #expect(runs[1]["exitCode"] as? Int == 137)
            #expect(runs[1]["node"] as? String == "node-1")
            #expect(runs[1]["pod"] as? String == "backup-2-x7k2p")
            #expect(runs[1]["hint"] as? String == "raise the container's memory limit")
            let daily = try #require(detail["daily"] as? [[String: Any]])
            #expect(daily.first?["date"] as? String == "2026-05-28")
            #expect(daily.first?["missed"] as? Int == 0)
            let durations = try #require(detail["durations"] as? [String: Int])
            #expect(durations == ["p50Seconds": 18, "p95Seconds": 18, "maxSeconds": 18])
            let spec = try #require(detail["spec"] as? [String: Any])
            #expect(spec["maxDurationSeconds"] as? Int == 600)
            #expect(spec["startGraceSeconds"] as? Int == 300)
            let listed = try #require(detail["events"] as? [[String: Any]])
            #expect(listed.map { $0["reason"] as? String } == ["RunStuck", "Recovered", "RunFailed"])
            #expect(listed.map { $0["written"] as? Bool } == [false, true, true])
            #expect(listed.map { $0["type"] as? String } == ["Warning", "Normal", "Warning"])
            #expect(listed.map { $0["note"] as? String } == ["Job backup-3 runs too long", "back to normal", "Job backup-2 failed: \(Fixtures.markup)"])
            #expect(listed.map { $0["count"] as? Int } == [1, 1, 3])
            #expect(listed[0]["jobName"] as? String == "backup-3")
            #expect(listed[1]["name"] as? String == "backup.2")
            #expect(listed[1]["time"] as? String == Fixtures.time(-10).rfc3339)
            #expect(listed[2]["firstTime"] as? String == Fixtures.time(-900).rfc3339)
            #expect(listed[2]["reportingController"] as? String == "cronmonitor.io/operator")
        }
    }

    @Test func withoutAnEventsCacheTheDetailSaysWhy() async throws {
        try await withDashboard([Fixtures.failing()]) { port, _ in
            let detail = try await getJSON(port: port, "/api/v1/namespaces/team-a/monitors/backup")
            #expect(detail["eventsUnavailable"] as? String == "the operator keeps no cache of Events")
            #expect((detail["events"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func unknownPathsAndMonitorsAre404() async throws {
        try await withDashboard([Fixtures.failing()]) { port, _ in
            for path in [
                "/nope", "/api/v1/monitors/extra", "/api/v1/namespaces/team-a/monitors/nothing", "/api/v1/namespaces/Team_A/monitors/x",
                "/assets/secret.js", "/assets/../Package.swift", "/badge/team-a/nothing.svg", "/badge/team-a/backup.png",
                "/monitors/team-a", "/api/v2/monitors", "/favicon.ico",
            ] {
                let answer = try await RawHTTP.exchange(port: port, "GET \(path) HTTP/1.1")
                #expect(answer.status == 404, "\(path)")
                #expect(answer.headers["x-content-type-options"] == "nosniff", "\(path)")
            }
        }
    }

    @Test func onlyGetAndHeadAreServed() async throws {
        try await withDashboard([Fixtures.failing()]) { port, _ in
            for method in ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
                let answer = try await RawHTTP.exchange(
                    port: port, "\(method) /api/v1/monitors HTTP/1.1\r\nContent-Length: 2", body: "{}")
                #expect(answer.status == 405, "\(method)")
                #expect(answer.headers["allow"] == "GET, HEAD", "\(method)")
            }
            let head = try await RawHTTP.exchange(port: port, "HEAD /api/v1/monitors HTTP/1.1")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            let withBody = try await RawHTTP.exchange(port: port, "GET /api/v1/monitors HTTP/1.1\r\nContent-Length: 5", body: "12345")
            #expect(withBody.status == 413)
            let long = try await RawHTTP.exchange(port: port, "GET /\(String(repeating: "a", count: 2000)) HTTP/1.1")
            #expect(long.status == 414)
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await withDashboard([Fixtures.failing()]) { port, _ in
            for path in ["/", "/monitors/team-a/backup", "/assets/common.js", "/api/v1/monitors", "/badge/team-a/backup.svg", "/x"] {
                let answer = try await RawHTTP.exchange(port: port, "GET \(path) HTTP/1.1")
                let policy = try #require(answer.headers["content-security-policy"], "\(path)")
                #expect(policy.contains("script-src 'self'"))
                #expect(policy.contains("style-src 'self'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(!policy.contains("unsafe-eval"))
                #expect(answer.headers["x-content-type-options"] == "nosniff")
            }
        }
    }

    @Test func pagesAndAssetsAreServedFromTheBinary() async throws {
        try await withDashboard([]) { port, _ in
            let page = try await RawHTTP.exchange(port: port, "GET / HTTP/1.1")
            #expect(page.status == 200)
            #expect(page.headers["content-type"] == "text/html; charset=utf-8")
            #expect(page.body.contains("<script type=\"module\" src=\"/assets/app.js\"></script>"))
            let monitorPage = try await RawHTTP.exchange(port: port, "GET /monitors/team-a/backup HTTP/1.1")
            #expect(monitorPage.body == page.body)
            for (name, type) in [
                ("style.css", "text/css; charset=utf-8"), ("common.js", "text/javascript; charset=utf-8"),
                ("charts.js", "text/javascript; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8"),
                ("overview.js", "text/javascript; charset=utf-8"), ("monitor.js", "text/javascript; charset=utf-8"),
                ("favicon.svg", "image/svg+xml"),
            ] {
                let asset = try await RawHTTP.exchange(port: port, "GET /assets/\(name) HTTP/1.1")
                #expect(asset.status == 200, "\(name)")
                #expect(asset.headers["content-type"] == type, "\(name)")
                #expect(!asset.body.isEmpty, "\(name)")
            }
        }
    }

    @Test func aTakenPortIsAnErrorThatNamesTheFlag() async throws {
        try await withDashboard([]) { port, caches in
            let second = DashboardServer(
                host: "127.0.0.1", port: port, monitors: MonitorSource(caches: caches), logger: Logger(label: "test"))
            await #expect {
                try await second.run { _ in }
            } throws: { error in
                let message = "\(error)"
                return error is DashboardListenError && message.contains("--dashboard-bind-address")
                    && message.contains("127.0.0.1:\(port)")
            }
        }
    }
}
