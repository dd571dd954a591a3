import Foundation

/// The bounded contents of a `MonitorEventCache`: per monitor UID its newest Events, newest
/// first, at most `perMonitor` each and `total` in all (beyond that, the oldest Event of the
/// whole table goes). Pure value: the cache wraps it in a lock.
struct MonitorEventTable: Sendable, Equatable {
    private(set) var byMonitor: [String: [MonitorEvent]] = [:]
    private(set) var count = 0
    let limits: MonitorEventCache.Limits

    init(limits: MonitorEventCache.Limits) {
        self.limits = limits
    }

    /// Adds or replaces `event` (by its key), keeping the bounds. Events regarding no UID are
    /// left out: they cannot be matched to a monitor. Returns the UIDs whose lists changed
    /// (this monitor's, and those of Events evicted to keep `total`).
    @discardableResult
    mutating func upsert(_ event: MonitorEvent) -> Set<String> {
        let uid = event.regarding.uid
        guard !uid.isEmpty else { return [] }
        var events = byMonitor[uid] ?? []
        let before = events
        events.removeAll { $0.key == event.key }
        let position = events.firstIndex { MonitorEvent.isNewer(event, than: $0) } ?? events.endIndex
        events.insert(event, at: position)
        if events.count > limits.perMonitor { events.removeLast(events.count - limits.perMonitor) }
        guard events != before else { return [] }
        count += events.count - before.count
        byMonitor[uid] = events
        var changed: Set<String> = [uid]
        while count > limits.total, let evicted = evictOldest() { changed.insert(evicted) }
        return changed
    }

    /// Removes the Event with `event`'s key, if kept. Returns whether the table changed.
    @discardableResult
    mutating func remove(_ event: MonitorEvent) -> Bool {
        let uid = event.regarding.uid
        guard var events = byMonitor[uid], let index = events.firstIndex(where: { $0.key == event.key }) else {
            return false
        }
        events.remove(at: index)
        count -= 1
        byMonitor[uid] = events.isEmpty ? nil : events
        return true
    }

    /// Drops the oldest Event of the table (the last of some monitor's list); returns its
    /// monitor's UID.
    private mutating func evictOldest() -> String? {
        var oldest: (uid: String, event: MonitorEvent)?
        for (uid, events) in byMonitor {
            guard let last = events.last else { continue }
            if let current = oldest, !MonitorEvent.isNewer(current.event, than: last) { continue }
            oldest = (uid, last)
        }
        guard let oldest, remove(oldest.event) else { return nil }
        return oldest.uid
    }

    /// The UIDs whose lists differ between `self` and `other`.
    func changedMonitors(comparedWith other: MonitorEventTable) -> Set<String> {
        var changed: Set<String> = []
        for (uid, events) in byMonitor where other.byMonitor[uid] != events { changed.insert(uid) }
        for uid in other.byMonitor.keys where byMonitor[uid] == nil { changed.insert(uid) }
        return changed
    }
}
