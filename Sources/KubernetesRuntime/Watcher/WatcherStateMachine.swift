/// The decisions of a list-then-watch loop, free of IO and clocks (the ideas of kube-rs'
/// `watcher` and client-go's `Reflector`). The driver asks `nextAction()`, performs it, and
/// reports what happened; the machine answers with the cache updates to apply.
///
/// - A full (paginated) list reaches the cache page by page: a list of one page is one
///   `.restarted`; a longer one is staged (`.restartPage`, then `.restartDone` with the last
///   page), and the cache swaps atomically at the end, so it never looks half-empty, while no
///   one holds every page of the list beside the old contents and the new.
/// - A watch that ends cleanly resumes from the last resourceVersion without listing.
/// - 410 Gone (the server compacted past our resourceVersion) relists at once.
/// - Other failures back off exponentially with jitter; the backoff resets once a watch has been
///   healthy for `healthyResetAfter`. A 429's Retry-After is never undercut.
public struct WatcherStateMachine<Object: Sendable, Instant: InstantProtocol & Sendable>: Sendable
where Instant.Duration == Duration {
    enum State: Sendable {
        /// Listing; `staged`: some pages of this list went to the cache already.
        case listing(continueToken: String?, staged: Bool)
        /// Ready to open a watch from `resourceVersion`.
        case readyToWatch(resourceVersion: String)
        /// A watch is open; `since` is when it opened (for the backoff reset).
        case watching(resourceVersion: String, since: Instant)
        /// Waiting before `resume`.
        case backingOff(delay: Duration, resume: Resume)
    }

    enum Resume: Sendable {
        case relist
        case rewatch(resourceVersion: String)
    }

    private var state: State = .listing(continueToken: nil, staged: false)
    private var backoff: ExponentialBackoff
    private let healthyResetAfter: Duration

    public init(backoff: ExponentialBackoff = .watcher, healthyResetAfter: Duration = .seconds(120)) {
        self.backoff = backoff
        self.healthyResetAfter = healthyResetAfter
    }

    /// What to do next. `.sleep` is followed by the resumed action on the next call.
    public mutating func nextAction() -> WatcherAction {
        switch state {
        case .listing(let continueToken, _):
            return .list(continueToken: continueToken)
        case .readyToWatch(let resourceVersion):
            return .watch(resourceVersion: resourceVersion)
        case .watching(let resourceVersion, _):
            // Asked again without an end being reported: resume from where the watch was.
            state = .readyToWatch(resourceVersion: resourceVersion)
            return .watch(resourceVersion: resourceVersion)
        case .backingOff(let delay, let resume):
            switch resume {
            case .relist: state = .listing(continueToken: nil, staged: false)
            case .rewatch(let resourceVersion): state = .readyToWatch(resourceVersion: resourceVersion)
            }
            return .sleep(delay)
        }
    }

    /// One page of the list arrived: `.restarted` for a list of one page; else the page is
    /// staged (`.restartPage`, the first one starting afresh) and the last one ends the list
    /// (`.restartDone`).
    public mutating func listPageReceived(
        items: [Object],
        continueToken: String?,
        resourceVersion: String
    ) -> [WatcherEvent<Object>] {
        guard case .listing(_, let staged) = state else { return [] }
        if let next = continueToken, !next.isEmpty {
            state = .listing(continueToken: next, staged: true)
            return [.restartPage(items, isFirst: !staged)]
        }
        state = .readyToWatch(resourceVersion: resourceVersion)
        return [staged ? .restartDone(items) : .restarted(items)]
    }

    /// The watch request was answered with a stream.
    public mutating func watchOpened(now: Instant) {
        guard case .readyToWatch(let resourceVersion) = state else { return }
        state = .watching(resourceVersion: resourceVersion, since: now)
    }

    /// One event arrived on the watch.
    public mutating func received(_ change: WatchChange<Object>, now: Instant) -> [WatcherEvent<Object>] {
        guard case .watching(_, let since) = state else { return [] }
        resetBackoffIfHealthy(since: since, now: now)
        switch change {
        case .added(let object, let resourceVersion), .modified(let object, let resourceVersion):
            state = .watching(resourceVersion: resourceVersion, since: since)
            return [.applied(object)]
        case .deleted(let object, let resourceVersion):
            state = .watching(resourceVersion: resourceVersion, since: since)
            return [.deleted(object)]
        case .bookmark(let resourceVersion):
            state = .watching(resourceVersion: resourceVersion, since: since)
            return []
        }
    }

    /// The server ended the watch normally (its timeout): resume without listing.
    public mutating func watchEnded(now: Instant) {
        guard case .watching(let resourceVersion, let since) = state else { return }
        resetBackoffIfHealthy(since: since, now: now)
        state = .readyToWatch(resourceVersion: resourceVersion)
    }

    /// A list or watch failed.
    public mutating func failed(_ failure: WatcherFailure, using random: inout some RandomNumberGenerator) {
        let resume: Resume
        switch state {
        case .listing, .backingOff(_, .relist):
            resume = .relist
        case .readyToWatch(let resourceVersion),
            .watching(let resourceVersion, _),
            .backingOff(_, .rewatch(let resourceVersion)):
            resume = .rewatch(resourceVersion: resourceVersion)
        }
        switch failure {
        case .gone:
            // Our resourceVersion is too old: only a fresh list helps, and it should happen now.
            state = .listing(continueToken: nil, staged: false)
        case .throttled(let retryAfter):
            let delay = backoff.next(using: &random)
            state = .backingOff(delay: max(delay, retryAfter ?? .zero), resume: resume)
        case .idle, .other:
            // `.idle`: nothing arrived for longer than the server's timeout; the connection is dead.
            state = .backingOff(delay: backoff.next(using: &random), resume: resume)
        }
    }

    /// The resourceVersion a resumed watch would start from, if any.
    public var resourceVersion: String? {
        switch state {
        case .listing, .backingOff(_, .relist): nil
        case .readyToWatch(let resourceVersion),
            .watching(let resourceVersion, _),
            .backingOff(_, .rewatch(let resourceVersion)):
            resourceVersion
        }
    }

    /// Failures since the backoff last reset.
    public var consecutiveFailures: Int { backoff.attempts }

    private mutating func resetBackoffIfHealthy(since: Instant, now: Instant) {
        if since.duration(to: now) >= healthyResetAfter { backoff.reset() }
    }
}

/// What the watcher's driver must do next.
public enum WatcherAction: Sendable, Equatable {
    /// List one page (limit 500) from `continueToken` (nil: the first page).
    case list(continueToken: String?)
    /// Open a watch from `resourceVersion`, with bookmarks and the server timeout.
    case watch(resourceVersion: String)
    /// Wait, then ask again.
    case sleep(Duration)
}

/// A change seen on a watch, with the resourceVersion it carries.
public enum WatchChange<Object: Sendable>: Sendable {
    case added(Object, resourceVersion: String)
    case modified(Object, resourceVersion: String)
    case deleted(Object, resourceVersion: String)
    case bookmark(resourceVersion: String)
}

/// What the cache must do.
public enum WatcherEvent<Object: Sendable>: Sendable {
    case applied(Object)
    case deleted(Object)
    /// A complete list: replace the whole contents at once.
    case restarted([Object])
    /// A page of a list in progress: stage it (the first page of a list discards what an
    /// earlier, failed list staged); the cache serves its old contents until `.restartDone`.
    case restartPage([Object], isFirst: Bool)
    /// The last page of a list: the contents become what was staged and these objects, at once.
    case restartDone([Object])
}

extension WatcherEvent: Equatable where Object: Equatable {}

/// Why a list or watch failed, as far as the watcher's decisions go.
public enum WatcherFailure: Sendable, Equatable {
    /// 410 Gone / Expired.
    case gone
    /// 429 with the server's Retry-After, if it gave one.
    case throttled(retryAfter: Duration?)
    /// No event or bookmark within the server timeout plus a margin.
    case idle
    /// Anything else (transport errors, 5xx, decoding errors).
    case other
}
