import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
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
}
