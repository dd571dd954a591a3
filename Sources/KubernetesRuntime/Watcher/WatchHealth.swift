import Logging
import Synchronization

/// Makes one watcher's faults visible: each failed list or watch is classified (`WatchFault`),
/// counted (`onFault`, for `cronmonitor_watch_errors_total`), logged at warning level with the
/// resource, namespace, code and a hint (rate-limited by `WatchFaultLog`), and kept as the last
/// fault until the watcher works again (for `/readyz`); the recovery is logged once.
public final class WatchHealth<C: Clock>: Sendable where C.Duration == Duration, C.Instant: Sendable {
    public let target: WatchTarget
    private let clock: C
    private let logger: Logger
    private let onFault: @Sendable (WatchTarget, WatchFault) -> Void
    private let state: Mutex<(log: WatchFaultLog<C.Instant>, lastFault: WatchFault?)>

    public init(
        target: WatchTarget, clock: C, logger: Logger, logInterval: Duration = .seconds(60),
        onFault: @escaping @Sendable (WatchTarget, WatchFault) -> Void = { _, _ in }
    ) {
        self.target = target
        self.clock = clock
        self.logger = logger
        self.onFault = onFault
        self.state = Mutex((WatchFaultLog(interval: logInterval), nil))
    }

    /// The fault since which the watcher has not worked, if any.
    public var lastFault: WatchFault? { state.withLock { $0.lastFault } }

    /// The hooks a `Watcher` reports through.
    public var report: WatcherReport {
        WatcherReport(failed: { [self] error, verb in failed(error, verb: verb) }, succeeded: { [self] in succeeded() })
    }

    public func failed(_ error: any Error, verb: WatchVerb) {
        let fault = target.fault(error, verb: verb)
        onFault(target, fault)
        var metadata: Logger.Metadata = [
            "k8s.resource": "\(target.qualifiedResource)", "k8s.namespace": "\(target.namespace ?? "")",
            "k8s.verb": "\(verb.rawValue)", "http.code": "\(fault.code)", "error": "\(fault.error)",
            "hint": "\(fault.hint)",
        ]
        if fault.isRoutine {
            logger.debug("Watch expired", metadata: metadata)
            return
        }
        let decision = state.withLock { state in
            state.lastFault = fault
            return state.log.failed(code: fault.code, now: clock.now)
        }
        switch decision {
        case .log(let suppressed, let failures):
            metadata["watch.failures"] = "\(failures)"
            metadata["watch.suppressed"] = "\(suppressed)"
            logger.warning("Watch failed", metadata: metadata)
        case .suppress:
            break
        }
    }

    public func succeeded() {
        let recovery = state.withLock { state in
            state.lastFault = nil
            return state.log.succeeded(now: clock.now)
        }
        switch recovery {
        case .recovered(let failures, let downtime):
            logger.info(
                "Watch recovered",
                metadata: [
                    "k8s.resource": "\(target.qualifiedResource)", "k8s.namespace": "\(target.namespace ?? "")",
                    "watch.failures": "\(failures)", "watch.downtime_seconds": "\(downtime.components.seconds)",
                ])
        case .quiet:
            break
        }
    }
}

/// How a `Watcher` reports its requests' outcomes (cancellation is never reported).
public struct WatcherReport: Sendable {
    public var failed: @Sendable (_ error: any Error, _ verb: WatchVerb) -> Void
    /// A complete list, or a watch the server accepted.
    public var succeeded: @Sendable () -> Void

    public init(
        failed: @escaping @Sendable (any Error, WatchVerb) -> Void = { _, _ in },
        succeeded: @escaping @Sendable () -> Void = {}
    ) {
        self.failed = failed
        self.succeeded = succeeded
    }
}
