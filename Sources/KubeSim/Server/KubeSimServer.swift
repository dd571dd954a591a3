import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle

/// The simulator's HTTP server: a `KubeSimResponder` over a Hummingbird application bound to a
/// loopback address. Port 0 binds a free port; `run(onListening:)` reports the bound one.
public struct KubeSimServer: Sendable {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// Bearer token clients must send; nil accepts everyone.
        public var token: String?
        public var bookmarkInterval: Duration
        /// Serve HTTPS with this certificate; nil serves plain HTTP.
        public var tls: TLSMaterial?

        public init(host: String = "127.0.0.1", port: Int = 0, token: String? = nil, bookmarkInterval: Duration = .seconds(60),
                    tls: TLSMaterial? = nil) {
            self.host = host
            self.port = port
            self.token = token
            self.bookmarkInterval = bookmarkInterval
            self.tls = tls
        }

        /// `https` with TLS, else `http`.
        public var scheme: String { tls == nil ? "http" : "https" }
    }

    public let store: ObjectStore
    /// Faults applied to this server's requests and watches.
    public let faults: FaultInjector
    public let configuration: Configuration
    let clock: any Clock<Duration>
    let now: @Sendable () -> Date
    let logger: Logger

    public init(store: ObjectStore, configuration: Configuration, faults: FaultInjector? = nil,
                clock: any Clock<Duration> = ContinuousClock(), now: @escaping @Sendable () -> Date = Date.init, logger: Logger) {
        self.store = store
        self.faults = faults ?? FaultInjector(store: store)
        self.configuration = configuration
        self.clock = clock
        self.now = now
        self.logger = logger
    }

    /// Serves until the task is cancelled (or, with `handleSignals`, until SIGTERM/SIGINT shut it
    /// down gracefully); `onListening` gets the bound port once accepting.
    public func run(handleSignals: Bool = false, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let settings = KubeSimResponder.Settings(
            token: configuration.token, bookmarkInterval: configuration.bookmarkInterval,
            serverAddress: "\(configuration.host):\(configuration.port)")
        let responder = KubeSimResponder(store: store, settings: settings, faults: faults, clock: clock, now: now, logger: logger)
        let server: HTTPServerBuilder = try configuration.tls.map { try .tls(.http1(), tlsConfiguration: $0.serverConfiguration()) } ?? .http1()
        let application = Application(
            responder: responder,
            server: server,
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        if handleSignals {
            // Services shut down in reverse order: open watches are closed first, so the
            // server's graceful shutdown does not wait for them to time out.
            let group = ServiceGroup(configuration: ServiceGroupConfiguration(
                services: [application, WatchCloser(store: store)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        } else {
            // No signal handlers: Hummingbird's default would trap SIGTERM and SIGINT for the
            // whole process, and a test process that ever ran a KubeSim then ignores them (a
            // hung test run could no longer be stopped by `timeout` or Ctrl-C).
            try await application.runService(gracefulShutdownSignals: [])
        }
    }

    /// Runs the server for the duration of `body`, which receives its base URL, then stops it.
    public func withRunning<Result: Sendable>(_ body: (URL) async throws -> Result) async throws -> Result {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await self.run { port in continuation.yield(port) }
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), let url = URL(string: "\(configuration.scheme)://\(configuration.host):\(port)") else {
                group.cancelAll()
                throw APIError.internalError("the server did not start")
            }
            do {
                let result = try await body(url)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }
}

/// Ends every open watch when a graceful shutdown begins.
struct WatchCloser: Service {
    let store: ObjectStore

    func run() async throws {
        try? await gracefulShutdown()
        store.stopAllWatches()
    }
}
