import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Logging
import Testing

@Suite struct MonitorEventCacheTests {
    static let base = Date(timeIntervalSince1970: 1_780_000_000)

    static func event(
        _ name: String, uid: String = "m-1", reason: String = "RunFailed", type: String = "Warning", note: String = "n",
        count: Int = 1, at offset: TimeInterval = 0
    ) -> MonitorEvent {
        MonitorEvent(
            key: ObjectKey(namespace: "team-a", name: name), reason: reason, type: type, note: note, count: count,
            firstTime: base, lastTime: base.addingTimeInterval(offset),
            regarding: .init(uid: uid, namespace: "team-a", name: "backup"), reportingController: "cronmonitor.io/operator")
    }

    static func monitor(uid: String, name: String = "backup") -> CronMonitor {
        CronMonitor(metadata: ObjectMeta(name: name, namespace: "team-a", uid: uid), spec: CronMonitorSpec(cronJobName: name))
    }

    @Test func addsUpdatesASeriesCountAndDeletes() {
        let cache = MonitorEventCache()
        #expect(cache.apply(.restarted([])) == [])
        #expect(cache.isSynced)
        #expect(cache.apply(.applied(Self.event("e1", at: 0))) == ["m-1"])
        let first = cache.revision(of: "m-1")
        #expect(first > 0)
        #expect(cache.apply(.applied(Self.event("e2", reason: "Recovered", type: "Normal", at: 10))) == ["m-1"])
        #expect(cache.events(regarding: "m-1").map(\.key.name) == ["e2", "e1"])
        // A series update of e1: its count and last time change, and it becomes the newest.
        #expect(cache.apply(.applied(Self.event("e1", count: 3, at: 20))) == ["m-1"])
        #expect(cache.events(regarding: "m-1").map(\.key.name) == ["e1", "e2"])
        #expect(cache.events(regarding: "m-1").first?.count == 3)
        #expect(cache.revision(of: "m-1") > first)
        // The same object again changes nothing.
        #expect(cache.apply(.applied(Self.event("e1", count: 3, at: 20))) == [])
        #expect(cache.apply(.deleted(Self.event("e2"))) == ["m-1"])
        #expect(cache.events(regarding: "m-1").map(\.key.name) == ["e1"])
        #expect(cache.count == 1)
        #expect(cache.apply(.deleted(Self.event("e1"))) == ["m-1"])
        #expect(cache.revision(of: "m-1") == 0)
        #expect(cache.count == 0)
    }

    @Test func aRelistSwapsAtTheLastPageAndReportsOnlyRealChanges() {
        let cache = MonitorEventCache()
        cache.apply(.restarted([Self.event("e1"), Self.event("gone", uid: "m-2"), Self.event("kept", uid: "m-3")]))
        #expect(cache.apply(.restartPage([Self.event("e1"), Self.event("e3", at: 5)], isFirst: true)) == [])
        // Until the list is done, readers see the old contents.
        #expect(cache.events(regarding: "m-2").map(\.key.name) == ["gone"])
        let changed = cache.apply(.restartDone([Self.event("kept", uid: "m-3")]))
        #expect(changed == ["m-1", "m-2"])
        #expect(cache.events(regarding: "m-1").map(\.key.name) == ["e3", "e1"])
        #expect(cache.events(regarding: "m-2").isEmpty)
        #expect(cache.events(regarding: "m-3").map(\.key.name) == ["kept"])
    }

    @Test func keepsTheNewestPerMonitorAndBoundsTheWhole() {
        let cache = MonitorEventCache(limits: .init(perMonitor: 20, total: 30))
        cache.apply(.restarted((0..<25).map { Self.event("e\($0)", at: TimeInterval($0)) }))
        let kept = cache.events(regarding: "m-1")
        #expect(kept.count == 20)
        #expect(kept.first?.key.name == "e24")
        #expect(kept.last?.key.name == "e5")
        // An update of an Event too old to be kept leaves the list as it is.
        #expect(cache.apply(.applied(Self.event("e0", count: 2, at: 0))) == [])
        // Another monitor's 15 Events: the whole is bounded by dropping the oldest of all.
        for index in 0..<15 { cache.apply(.applied(Self.event("o\(index)", uid: "m-2", at: 100 + TimeInterval(index)))) }
        #expect(cache.count == 30)
        #expect(cache.events(regarding: "m-2").count == 15)
        #expect(cache.events(regarding: "m-1").map(\.key.name).last == "e10")
        // Events regarding no UID cannot belong to a monitor.
        #expect(cache.apply(.applied(Self.event("orphan", uid: ""))) == [])
    }

    @Test func aMonitorSeesOnlyTheEventsOfItsOwnUID() throws {
        let caches = MonitorEventCaches(namespaces: [], logger: Logger(label: "test"))
        let cache = try #require(caches.entries[nil]?.cache)
        cache.apply(.restarted([Self.event("old", uid: "old-uid", note: "of the deleted monitor")]))
        let recreated = caches.recent(for: Self.monitor(uid: "new-uid"))
        #expect(recreated.events.isEmpty)
        #expect(recreated.unavailable == nil)
        cache.apply(.applied(Self.event("new", uid: "new-uid", note: "of this one")))
        #expect(caches.recent(for: Self.monitor(uid: "new-uid")).events.map(\.note) == ["of this one"])
        #expect(caches.revision(for: Self.monitor(uid: "new-uid")) > 0)
    }

    @Test func beforeTheFirstListTheEventsAreUnavailable() {
        let caches = MonitorEventCaches(namespaces: ["team-a"], logger: Logger(label: "test"))
        let recent = caches.recent(for: Self.monitor(uid: "m-1"))
        #expect(recent.unavailable == "the Events have not been listed yet")
        let elsewhere = CronMonitor(
            metadata: ObjectMeta(name: "x", namespace: "team-b", uid: "u"), spec: CronMonitorSpec(cronJobName: "x"))
        #expect(caches.recent(for: elsewhere).unavailable == "the namespace is not watched")
    }

    @Test func projectsBothEventAPIs() throws {
        let regarding = ObjectReference(
            apiVersion: "cronmonitor.io/v1alpha1", kind: "CronMonitor", namespace: "team-a", name: "backup", uid: "m-1")
        let last = MicroTime(Self.base.addingTimeInterval(60))
        let eventsV1 = EventsV1.Event(
            metadata: ObjectMeta(name: "backup.1", namespace: "team-a", creationTimestamp: Time(Self.base)),
            eventTime: MicroTime(Self.base), series: EventsV1.EventSeries(count: 4, lastObservedTime: last),
            reportingController: "cronmonitor.io/operator", reason: "RunFailed", regarding: regarding,
            note: String(repeating: "x", count: 5000), type: "Warning")
        let projected = MonitorEvent(eventsV1)
        #expect(projected.count == 4)
        #expect(projected.lastTime == last.date)
        #expect(projected.firstTime == Self.base)
        #expect(projected.note.count == MonitorEvent.noteLimit)
        #expect(projected.regarding == .init(uid: "m-1", namespace: "team-a", name: "backup"))
        let legacy = EventsV1.Event(
            metadata: ObjectMeta(name: "backup.2", namespace: "team-a"), reason: "Recovered", regarding: regarding,
            note: "ok", type: "Normal", deprecatedLastTimestamp: Time(Self.base), deprecatedCount: 2)
        #expect(MonitorEvent(legacy).count == 2)
        #expect(MonitorEvent(legacy).lastTime == Self.base)
        let core = CoreV1.Event(
            metadata: ObjectMeta(name: "backup.3", namespace: "team-a"), involvedObject: regarding, reason: "Recovered",
            message: "back to normal", type: "Normal", count: 5, lastTimestamp: Time(Self.base),
            reportingComponent: "cronmonitor.io/operator")
        let fromCore = MonitorEvent(core)
        #expect(fromCore.note == "back to normal")
        #expect(fromCore.count == 5)
        #expect(fromCore.reportingController == "cronmonitor.io/operator")
        #expect(fromCore.regarding.uid == "m-1")
    }
}
