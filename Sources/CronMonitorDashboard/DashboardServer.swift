import CronMonitorAPI
import CronMonitorController
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The dashboard's HTTP server (`--dashboard-bind-address`): pages, JSON API, badges and live
/// updates, all from the monitors cache. Every replica serves it, leader or not: followers keep
/// their caches warm too.
public struct DashboardServer<C: Clock<Duration>>: Sendable {
    public var host: String
    public var port: Int
    let monitors: MonitorSource
    let feed: LiveFeed
    let now: @Sendable () -> Date
    /// Paces the live feed's ticks.
    let clock: C
    let logger: Logger

    /// - Parameters:
    ///   - clock: paces the live feed's ticks.
    ///   - now: the wall clock (relative times and next runs are computed from it).
    public init(
        host: String, port: Int, monitors: MonitorSource, limits: LiveFeed.Limits = LiveFeed.Limits(), clock: C,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.host = host
        self.port = port
        self.monitors = monitors
        self.feed = LiveFeed(limits: limits)
        self.now = now
        self.clock = clock
        self.logger = logger
    }

    /// Serves until cancelled; `onListening` gets the bound port.
    public func run(onListening: @escaping @Sendable (Int) async -> Void) async throws {
        // As for the probe server: a cancelled Hummingbird server logs errors on its way out;
        // bind failures are thrown instead, so only its critical messages are kept.
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .critical)
        let application = Application(
            responder: DashboardResponder(monitors: monitors, feed: feed, now: now),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: serverLogger)
        let feed = feed
        let monitors = monitors
        let clock = clock
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await feed.run(clock: clock, read: monitors.list, eventsRevision: monitors.eventsRevision) }
            group.addTask {
                do {
                    try await application.run()
                } catch where !Task.isCancelled {
                    throw DashboardListenError(host: host, port: port, underlying: error)
                }
            }
            // Either ending ends the other.
            _ = try await group.next()
            group.cancelAll()
        }
    }
}

extension DashboardServer: Service {
    /// Serves until shutdown, logging the bound port.
    public func run() async throws {
        let logger = logger
        try await cancelWhenGracefulShutdown {
            try await run { port in
                logger.info("Serving the dashboard", metadata: ["http.port": "\(port)", "http.roles": "[dashboard]"])
            }
        }
    }
}

extension DashboardServer where C == ContinuousClock {
    /// A server whose live feed ticks on the system's continuous clock.
    public init(
        host: String, port: Int, monitors: MonitorSource, limits: LiveFeed.Limits = LiveFeed.Limits(),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.init(host: host, port: port, monitors: monitors, limits: limits, clock: ContinuousClock(), now: now, logger: logger)
    }
}

/// The dashboard cannot listen on its address.
public struct DashboardListenError: Error, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let underlying: any Error

    public var description: String {
        "cannot listen on \(host):\(port) for the dashboard: \(underlying)"
            + " (is another process using the port? choose another with --dashboard-bind-address, or 0 to disable)"
    }
}
