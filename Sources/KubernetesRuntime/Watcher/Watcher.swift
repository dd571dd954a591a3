/// Where a watcher gets one kind of object in one scope (a namespace or all of them).
public protocol WatchSource: Sendable {
    associatedtype Object: Sendable
    associatedtype Changes: AsyncSequence<WatchChange<Object>, any Error>

    /// One page of a list: at most `limit` objects from `continueToken`.
    func list(continueToken: String?, limit: Int) async throws -> ListPage<Object>
    /// A watch from `resourceVersion` with bookmarks, ended by the server after `timeout`. The
    /// stream must fail (not hang) when nothing, not even a bookmark, arrives for longer than
    /// the timeout plus a margin.
    func watch(from resourceVersion: String, timeout: Duration) async throws -> Changes
    /// How the watcher should react to an error thrown by `list` or `watch`.
    func classify(_ error: any Error) -> WatcherFailure
}

/// One page of a list.
public struct ListPage<Object: Sendable>: Sendable {
    public var items: [Object]
    public var continueToken: String?
    public var resourceVersion: String

    public init(items: [Object], continueToken: String?, resourceVersion: String) {
        self.items = items
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
    }
}

/// List-then-watch as an async sequence of cache updates, driving `WatcherStateMachine`.
/// It never ends by itself; cancelling the consuming task ends it.
public struct Watcher<Source: WatchSource, C: Clock & Sendable>: AsyncSequence, Sendable
where C.Duration == Duration, C.Instant: Sendable {
    public typealias Element = WatcherEvent<Source.Object>

    public let source: Source
    public let clock: C
    public let pageSize: Int
    public let watchTimeout: Duration
    public let report: WatcherReport

    /// - Parameters:
    ///   - pageSize: list page size (500, as client-go).
    ///   - watchTimeout: the server-side watch timeout (about 5 minutes).
    ///   - report: told of every failed list or watch and of each success (see `WatchHealth`).
    public init(
        source: Source, clock: C, pageSize: Int = 500, watchTimeout: Duration = .seconds(290),
        report: WatcherReport = WatcherReport()
    ) {
        self.source = source
        self.clock = clock
        self.pageSize = pageSize
        self.watchTimeout = watchTimeout
        self.report = report
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(watcher: self)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let watcher: Watcher
        var machine = WatcherStateMachine<Source.Object, C.Instant>()
        var stream: Source.Changes.AsyncIterator?
        var pending: [WatcherEvent<Source.Object>] = []
        var random = SystemRandomNumberGenerator()

        init(watcher: Watcher) {
            self.watcher = watcher
        }

        public mutating func next() async throws -> WatcherEvent<Source.Object>? {
            while true {
                try Task.checkCancellation()
                if !pending.isEmpty { return pending.removeFirst() }
                if stream != nil {
                    try await pullFromStream()
                    continue
                }
                switch machine.nextAction() {
                case .list(let continueToken):
                    do {
                        let page = try await watcher.source.list(continueToken: continueToken, limit: watcher.pageSize)
                        pending = machine.listPageReceived(
                            items: page.items, continueToken: page.continueToken, resourceVersion: page.resourceVersion)
                        if !pending.isEmpty { watcher.report.succeeded() }
                    } catch {
                        try rethrowCancellation(error)
                        watcher.report.failed(error, .list)
                        machine.failed(watcher.source.classify(error), using: &random)
                    }
                case .watch(let resourceVersion):
                    do {
                        let changes = try await watcher.source.watch(from: resourceVersion, timeout: watcher.watchTimeout)
                        machine.watchOpened(now: watcher.clock.now)
                        stream = changes.makeAsyncIterator()
                        watcher.report.succeeded()
                    } catch {
                        try rethrowCancellation(error)
                        watcher.report.failed(error, .watch)
                        machine.failed(watcher.source.classify(error), using: &random)
                    }
                case .sleep(let delay):
                    try await watcher.clock.sleep(for: delay)
                }
            }
        }

        private mutating func pullFromStream() async throws {
            guard var iterator = stream else { return }
            do {
                if let change = try await iterator.next() {
                    stream = iterator
                    pending = machine.received(change, now: watcher.clock.now)
                } else {
                    stream = nil
                    machine.watchEnded(now: watcher.clock.now)
                }
            } catch {
                stream = nil
                try rethrowCancellation(error)
                watcher.report.failed(error, .watch)
                machine.failed(watcher.source.classify(error), using: &random)
            }
        }

        /// Cancellation (of this task, or reported by the source) ends the sequence.
        private func rethrowCancellation(_ error: any Error) throws {
            try Task.checkCancellation()
            if error is CancellationError { throw error }
        }
    }
}
