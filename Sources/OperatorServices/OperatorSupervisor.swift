import CronMonitorController
import Logging

/// Runs the operator and its HTTP servers under one task and orders their shutdown: a signal
/// cancels the operator (which releases its lease) and only when it has returned are the
/// servers stopped, so probes and metrics stay up while the operator drains.
public enum OperatorSupervisor {
    /// - Parameters:
    ///   - runOperator: the operator; runs until cancelled or it fails.
    ///   - runServers: the HTTP servers; run until cancelled (returning early is fine, failing is not).
    ///   - waitForSignal: returns the name of the first termination signal; nil when cancelled.
    public static func run(
        operator runOperator: @escaping @Sendable () async throws -> Void,
        servers runServers: @escaping @Sendable () async throws -> Void,
        waitForSignal: @escaping @Sendable () async -> String?,
        logger: Logger
    ) async -> OperatorTermination {
        enum Outcome: Sendable {
            case operatorEnded(OperatorTermination)
            case serversEnded(String?)
        }
        return await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                .operatorEnded(await runUntilSignal(runOperator, waitForSignal: waitForSignal, logger: logger))
            }
            group.addTask {
                do {
                    try await runServers()
                    return .serversEnded(nil)
                } catch {
                    return .serversEnded(String(describing: error))
                }
            }
            while let outcome = await group.next() {
                switch outcome {
                case .operatorEnded(let termination):
                    group.cancelAll()
                    await group.waitForAll()
                    return termination
                case .serversEnded(nil):
                    continue
                case .serversEnded(.some(let message)):
                    logger.error("HTTP server failed; stopping the operator", metadata: ["error": "\(message)"])
                    group.cancelAll()
                    await group.waitForAll()
                    return .failed("HTTP server failed: \(message)")
                }
            }
            return .operatorStopped
        }
    }

    /// Runs the operator until it ends or a signal arrives; on a signal, cancels it and waits.
    static func runUntilSignal(
        _ runOperator: @escaping @Sendable () async throws -> Void,
        waitForSignal: @escaping @Sendable () async -> String?,
        logger: Logger
    ) async -> OperatorTermination {
        enum Outcome: Sendable {
            case operatorEnded(OperatorTermination)
            case signal(String)
            case signalWatchEnded
        }
        return await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do {
                    try await runOperator()
                    return .operatorEnded(.operatorStopped)
                } catch let error as OperatorError {
                    switch error {
                    case .leadershipLost: return .operatorEnded(.leadershipLost)
                    }
                } catch is CancellationError {
                    return .operatorEnded(.operatorStopped)
                } catch {
                    return .operatorEnded(.failed(String(describing: error)))
                }
            }
            group.addTask {
                guard let name = await waitForSignal() else { return .signalWatchEnded }
                return .signal(name)
            }
            var signalled: String?
            while let outcome = await group.next() {
                switch outcome {
                case .operatorEnded(let termination):
                    group.cancelAll()
                    return signalled.map { .signalled($0) } ?? termination
                case .signal(let name):
                    logger.notice("Termination signal received; stopping", metadata: ["signal": "\(name)"])
                    signalled = name
                    group.cancelAll()
                case .signalWatchEnded:
                    continue
                }
            }
            return signalled.map { .signalled($0) } ?? .operatorStopped
        }
    }
}
