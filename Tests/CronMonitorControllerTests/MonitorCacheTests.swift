import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

@Suite struct MonitorCacheTests {
    /// A monitor as `kubectl apply` leaves it: the cache drops the annotations (the whole
    /// manifest again, in `last-applied-configuration`) and keeps everything the operator reads.
    @Test func theCacheKeepsAllButTheAnnotations() throws {
        let manifest = #"""
            {"apiVersion":"cronmonitor.io/v1alpha1","kind":"CronMonitor",
             "metadata":{"name":"nightly","namespace":"ops","uid":"u1","resourceVersion":"7","generation":2,
               "creationTimestamp":"2026-12-01T00:00:00Z","labels":{"team":"data"},
               "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"cronmonitor.io/v1alpha1\",\"kind\":\"CronMonitor\",\"spec\":{\"cronJobName\":\"nightly\"}}\n"}},
             "spec":{"cronJobName":"nightly","maxDurationSeconds":600},
             "status":{"observedGeneration":2,"runs":[{"jobName":"nightly-1","result":"Succeeded"}]}}
            """#
        let monitor = try JSONDecoder().decode(CronMonitor.self, from: Data(manifest.utf8))
        #expect(monitor.metadata.annotations?.isEmpty == false)
        let cached = Caches.cached(monitor)
        #expect(cached.metadata.annotations == nil)
        var expected = monitor
        expected.metadata.annotations = nil
        #expect(cached == expected)
        #expect(cached.metadata.labels == ["team": "data"])
        #expect(cached.spec == monitor.spec)
        #expect(cached.status == monitor.status)
    }

    /// A status as the API server returns it, decoded: the cache keeps an equal status whose
    /// arrays hold exactly their elements (the decoder leaves room for up to twice as many).
    @Test func theCachedStatusIsEqualAndItsArraysExactlySized() throws {
        let runs = (0..<11).map { index in
            #"{"jobName":"nightly-\#(index)","uid":"0b6e1d2c-3f4a-4b5c-8d6e-7f8091a2b3\#(index + 10)","result":"Failed","#
                + #""reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit","#
                + #""node":"node-1","cause":"OOMKilled","hint":"raise the memory limit","alerted":["RunFailed","RunOOMKilled","Other"]}"#
        }
        let status = #"""
            {"conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2026-12-01T00:00:00Z","reason":"Resolved","message":"ok"},
              {"type":"Healthy","status":"False","lastTransitionTime":"2026-12-01T00:00:00Z","reason":"RunFailed","message":"the last run failed"}],
             "activeRuns":[{"jobName":"a","uid":"u-a"},{"jobName":"b","uid":"u-b"},{"jobName":"c","uid":"u-c"}],
             "runs":[\#(runs.joined(separator: ","))],
             "daily":[{"date":"2026-12-01","runs":3,"longestSeconds":[9,8,7]},{"date":"2026-11-30"},{"date":"2026-11-29"}],
             "countedJobs":{"createdBefore":"2026-12-01T00:00:00Z","trimmedUIDs":["x","y","z"]},
             "pendingAlerts":[{"reason":"RunFailed","note":"n1"},{"reason":"RunStuck","note":"n2"},{"reason":"RunFailed","note":"n3"}]}
            """#
        let decoded = try JSONDecoder().decode(CronMonitorStatus.self, from: Data(status.utf8))
        let compacted = decoded.compacted()
        #expect(compacted == decoded)
        #expect(decoded.runs?.capacity ?? 0 > decoded.runs?.count ?? 0, "the decoder leaves room (else this test shows nothing)")
        let arrays: [(String, Int, Int)] = [
            ("conditions", compacted.conditions?.count ?? -1, compacted.conditions?.capacity ?? -1),
            ("activeRuns", compacted.activeRuns?.count ?? -1, compacted.activeRuns?.capacity ?? -1),
            ("runs", compacted.runs?.count ?? -1, compacted.runs?.capacity ?? -1),
            ("runs[0].alerted", compacted.runs?.first?.alerted?.count ?? -1, compacted.runs?.first?.alerted?.capacity ?? -1),
            ("daily", compacted.daily?.count ?? -1, compacted.daily?.capacity ?? -1),
            ("daily[0].longestSeconds", compacted.daily?.first?.longestSeconds?.count ?? -1,
             compacted.daily?.first?.longestSeconds?.capacity ?? -1),
            ("trimmedUIDs", compacted.countedJobs?.trimmedUIDs?.count ?? -1, compacted.countedJobs?.trimmedUIDs?.capacity ?? -1),
            ("pendingAlerts", compacted.pendingAlerts?.count ?? -1, compacted.pendingAlerts?.capacity ?? -1),
        ]
        for (name, count, capacity) in arrays {
            #expect(count > 0 && capacity == count, "\(name): \(count) elements, room for \(capacity)")
        }
        #expect(Caches.cached(CronMonitor(metadata: ObjectMeta(name: "m"), spec: CronMonitorSpec(), status: decoded)).status == decoded)
    }

    /// The runs of Jobs in the cache share the Jobs' name and UID strings; a run whose Job is
    /// gone, or whose name now belongs to another Job (another UID), keeps its own.
    @Test func runsShareTheStringsOfTheirCachedJobs() throws {
        let caches = Caches(namespaces: [])
        // Built at run time, so that each is a heap string of its own (literals are shared).
        let name = { "nightly-report-\(29_412_345)" }
        let uid = "0b6e1d2c-3f4a-4b5c-8d6e-\(7_809_101_234)"
        let job = JobProjection(
            key: ObjectKey(namespace: "ops", name: name()), uid: String(decoding: Array(uid.utf8), as: UTF8.self),
            created: Date(timeIntervalSince1970: 0))
        _ = caches.jobs.stores[nil]?.apply(.restarted([job]))
        var status = CronMonitorStatus()
        status.runs = [
            RunRecord(jobName: name(), uid: uid, result: .succeeded),
            RunRecord(jobName: name(), uid: "another-uid-of-a-job-of-that-name", result: .failed),
            RunRecord(jobName: "nightly-report-29400000", uid: "1b6e1d2c-3f4a-4b5c-8d6e-7f8091a2b3c4", result: .failed),
        ]
        status.activeRuns = [ActiveRun(jobName: name(), uid: uid)]
        let monitor = CronMonitor(metadata: ObjectMeta(name: "nightly", namespace: "ops"), spec: CronMonitorSpec(), status: status)
        let cached = caches.monitorAsCached(monitor)
        #expect(cached.status == status)
        let address = { (string: String?) in string?.utf8.withContiguousStorageIfAvailable { $0.baseAddress } ?? nil }
        let runs = try #require(cached.status?.runs)
        #expect(address(runs[0].uid) == address(job.uid))
        #expect(address(runs[0].jobName) == address(job.key.name))
        #expect(address(cached.status?.activeRuns?.first?.uid) == address(job.uid))
        #expect(address(runs[1].uid) != address(job.uid))
        #expect(address(runs[1].jobName) != address(job.key.name), "another Job's run keeps its own name")
        #expect(address(status.runs?[0].uid) != address(job.uid), "the test's strings start apart")
        #expect(address(status.runs?[0].jobName) != address(job.key.name))
    }
}
