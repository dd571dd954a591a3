import Foundation
import KubernetesRuntime
import Synchronization

/// The Events about CronMonitors in one watched namespace (or all), for the dashboard's
/// "Recent Events": filled by a watcher of the Events whose `regarding.kind` is `CronMonitor`,
/// bounded (the newest `limits.perMonitor` per monitor, `limits.total` in all), keyed by the
/// monitor's UID so a monitor created again under an old name starts with no Events.
///
/// A relist replaces the contents at once when its last page arrives, as `Store` does. Every
/// change to a monitor's list bumps that monitor's revision, which the dashboard's live feed
/// compares to push the monitor to open pages.
public final class MonitorEventCache: Sendable {
    public struct Limits: Sendable, Equatable {
        public var perMonitor: Int
        public var total: Int

        /// 20 per monitor, 20 000 in all. A projection is 184 bytes inline plus its strings on
        /// the heap (the note, the Event's name, the monitor's UID, the controller; short ones
        /// are inline): about 0.6 KiB with a 200-character note, 1.4 KiB at most (a 1 KiB note),
        /// so about 12 MiB for a full cache of typical Events and under 30 MiB at worst.
        public static let standard = Limits(perMonitor: 20, total: 20_000)

        public init(perMonitor: Int, total: Int) {
            self.perMonitor = max(1, perMonitor)
            self.total = max(1, total)
        }
    }

    private struct Contents {
        var table: MonitorEventTable
        /// The list in progress (`.restartPage`), swapped in by `.restartDone`.
        var staged: MonitorEventTable?
        var isSynced = false
        /// Monitor UID → the revision of its list's last change (absent: never changed, or empty).
        var revisions: [String: UInt64] = [:]
        var revision: UInt64 = 0

        mutating func bump(_ uids: some Sequence<String>) {
            for uid in uids {
                revision += 1
                revisions[uid] = table.byMonitor[uid] == nil ? nil : revision
            }
        }

        /// Swaps in a complete list; returns the UIDs whose lists changed.
        mutating func replace(with new: MonitorEventTable) -> Set<String> {
            let changed = new.changedMonitors(comparedWith: table)
            table = new
            isSynced = true
            return changed
        }
    }

    public let limits: Limits
    private let contents: Mutex<Contents>

    public init(limits: Limits = .standard) {
        self.limits = limits
        self.contents = Mutex(Contents(table: MonitorEventTable(limits: limits)))
    }

    /// The Events kept about the monitor with `uid`, newest first.
    public func events(regarding uid: String) -> [MonitorEvent] {
        contents.withLock { $0.table.byMonitor[uid] ?? [] }
    }

    /// Changes whenever the list of the monitor with `uid` changes (0: it has none).
    public func revision(of uid: String) -> UInt64 {
        contents.withLock { $0.revisions[uid] ?? 0 }
    }

    /// Whether a list has completed at least once.
    public var isSynced: Bool { contents.withLock { $0.isSynced } }

    /// How many Events are kept.
    public var count: Int { contents.withLock { $0.table.count } }

    /// Applies one watcher event; returns the UIDs of the monitors whose lists changed.
    @discardableResult
    public func apply(_ event: WatcherEvent<MonitorEvent>) -> Set<String> {
        contents.withLock { contents in
            var changed: Set<String> = []
            switch event {
            case .applied(let value):
                changed = contents.table.upsert(value)
            case .deleted(let value):
                if contents.table.remove(value) { changed.insert(value.regarding.uid) }
            case .restarted(let values):
                changed = contents.replace(with: Self.table(values, limits: limits))
            case .restartPage(let values, let isFirst):
                var staged = isFirst ? MonitorEventTable(limits: limits) : contents.staged ?? MonitorEventTable(limits: limits)
                for value in values { staged.upsert(value) }
                contents.staged = staged
            case .restartDone(let values):
                var staged = contents.staged ?? MonitorEventTable(limits: limits)
                for value in values { staged.upsert(value) }
                contents.staged = nil
                changed = contents.replace(with: staged)
            }
            contents.bump(changed)
            return changed
        }
    }

    private static func table(_ values: [MonitorEvent], limits: Limits) -> MonitorEventTable {
        var table = MonitorEventTable(limits: limits)
        for value in values { table.upsert(value) }
        return table
    }
}
