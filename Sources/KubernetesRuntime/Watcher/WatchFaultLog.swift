/// When a watcher's faults are worth a log line, free of IO and clocks: the first failure at
/// once, then at most one line per `interval` with the count of those suppressed since (so a
/// long outage does not flood the log), at once again when the kind of failure changes, and one
/// line when the watcher works again.
public struct WatchFaultLog<Instant: InstantProtocol & Sendable>: Sendable where Instant.Duration == Duration {
    enum State: Sendable {
        case healthy
        /// Failing since `since`; `lastLogged` is when a line last went out.
        case failing(code: String, since: Instant, lastLogged: Instant, failures: Int, suppressed: Int)
    }

    /// What to do with a failure.
    public enum Decision: Sendable, Equatable {
        /// Log it, with the failures left unlogged since the last line and all failures so far.
        case log(suppressed: Int, failures: Int)
        case suppress
    }

    /// What to do with a success.
    public enum Recovery: Sendable, Equatable {
        /// The watcher works again after `failures` failures over `downtime`.
        case recovered(failures: Int, downtime: Duration)
        /// It was not failing.
        case quiet
    }

    private var state: State = .healthy
    public let interval: Duration

    public init(interval: Duration = .seconds(60)) {
        self.interval = interval
    }

    public mutating func failed(code: String, now: Instant) -> Decision {
        switch state {
        case .healthy:
            state = .failing(code: code, since: now, lastLogged: now, failures: 1, suppressed: 0)
            return .log(suppressed: 0, failures: 1)
        case .failing(let previous, let since, let lastLogged, let failures, let suppressed):
            if previous != code || lastLogged.duration(to: now) >= interval {
                state = .failing(code: code, since: since, lastLogged: now, failures: failures + 1, suppressed: 0)
                return .log(suppressed: suppressed, failures: failures + 1)
            }
            state = .failing(
                code: code, since: since, lastLogged: lastLogged, failures: failures + 1, suppressed: suppressed + 1)
            return .suppress
        }
    }

    public mutating func succeeded(now: Instant) -> Recovery {
        switch state {
        case .healthy:
            return .quiet
        case .failing(_, let since, _, let failures, _):
            state = .healthy
            return .recovered(failures: failures, downtime: since.duration(to: now))
        }
    }
}
