import Hummingbird
import KubernetesRuntime
import Logging
import NIOCore
import ServiceLifecycle

/// The operator's HTTP endpoints: `/healthz` and `/readyz` on the probe address, `/metrics` on
/// the metrics address (one listener when both addresses are the same). Runs until its task is
/// cancelled; a disabled address serves nothing.
public struct ProbeServer: Sendable {
    /// What a listener serves.
    public enum Role: Sendable, Hashable {
        case probes
        case metrics
    }

    public var probeAddress: ListenAddress
    public var metricsAddress: ListenAddress
    private let readiness: @Sendable () -> ReadinessReport
    /// The body of `/metrics` in pieces, written to the client one at a time.
    private let exposition: @Sendable () -> any Sequence<[UInt8]>
    private let logger: Logger

    /// - Parameters:
    ///   - readiness: answers `/readyz` (200 when ready, 503 otherwise; its lines as the body).
    ///   - exposition: the body of `/metrics`.
    public init(
        probeAddress: ListenAddress,
        metricsAddress: ListenAddress,
        readiness: @escaping @Sendable () -> ReadinessReport,
        exposition: @escaping @Sendable () -> String,
        logger: Logger
    ) {
        self.init(
            probeAddress: probeAddress, metricsAddress: metricsAddress, readiness: readiness,
            expositionPieces: { CollectionOfOne(Array(exposition().utf8)) }, logger: logger)
    }

    /// - Parameter expositionPieces: the body of `/metrics`, streamed piece by piece (10,000
    ///   monitors make about 25 MB of text, which a scrape would otherwise hold whole, twice).
    public init(
        probeAddress: ListenAddress,
        metricsAddress: ListenAddress,
        readiness: @escaping @Sendable () -> ReadinessReport,
        expositionPieces: @escaping @Sendable () -> any Sequence<[UInt8]>,
        logger: Logger
    ) {
        self.probeAddress = probeAddress
        self.metricsAddress = metricsAddress
        self.readiness = readiness
        self.exposition = expositionPieces
        self.logger = logger
    }

    /// Serves metrics from `metrics`.
    public init(
        probeAddress: ListenAddress, metricsAddress: ListenAddress, metrics: OperatorMetrics,
        readiness: @escaping @Sendable () -> ReadinessReport, logger: Logger
    ) {
        self.init(
            probeAddress: probeAddress, metricsAddress: metricsAddress, readiness: readiness,
            expositionPieces: { metrics.expositionPieces() }, logger: logger)
    }

    /// The listeners to open: each distinct enabled address with the roles it serves.
    public var listeners: [(host: String, port: Int, roles: Set<Role>)] {
        var result: [(host: String, port: Int, roles: Set<Role>)] = []
        for (address, role) in [(probeAddress, Role.probes), (metricsAddress, Role.metrics)] {
            guard case .host(let host, let port) = address else { continue }
            if port != 0, let index = result.firstIndex(where: { $0.host == host && $0.port == port }) {
                result[index].roles.insert(role)
            } else {
                result.append((host, port, [role]))
            }
        }
        return result
    }

    /// Serves until cancelled. `onListening` gets each listener's roles and bound port.
    public func run(onListening: @escaping @Sendable (Set<Role>, Int) async -> Void = { _, _ in }) async throws {
        let listeners = listeners
        guard !listeners.isEmpty else { return }
        // Hummingbird reports a cancelled server as errors ("Waiting on child channel"); stopping
        // by cancellation is this server's normal end, and bind failures are thrown, so only its
        // critical messages are kept. `onListening` reports each bound port instead.
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .critical)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for listener in listeners {
                let application = Application(
                    router: router(for: listener.roles),
                    configuration: ApplicationConfiguration(address: .hostname(listener.host, port: listener.port)),
                    onServerRunning: { channel in await onListening(listener.roles, channel.localAddress?.port ?? 0) },
                    logger: serverLogger)
                group.addTask {
                    do {
                        try await application.run()
                    } catch where !Task.isCancelled {
                        throw ListenError(host: listener.host, port: listener.port, roles: listener.roles, underlying: error)
                    }
                }
            }
            // The first listener to fail ends the others (`waitForAll` would wait for them all).
            while try await group.next() != nil {}
        }
    }

    /// A server that cannot open a listener: the operator cannot be probed or scraped, so it stops.
    public struct ListenError: Error, CustomStringConvertible {
        public let host: String
        public let port: Int
        public let roles: Set<Role>
        public let underlying: any Error

        public var description: String {
            let serves = roles.map { $0 == .probes ? "/healthz and /readyz" : "/metrics" }.sorted().joined(separator: " and ")
            let flags = roles.map { $0 == .probes ? "--health-probe-bind-address" : "--metrics-bind-address" }.sorted()
                .joined(separator: ", ")
            return "cannot listen on \(host.isEmpty ? "*" : host):\(port) for \(serves): \(underlying)"
                + " (is another process using the port? choose another with \(flags), or 0 to disable)"
        }
    }

    private func router(for roles: Set<Role>) -> Router<BasicRequestContext> {
        let router = Router()
        if roles.contains(.probes) {
            router.get("healthz") { _, _ in Self.text(.ok, "ok\n") }
            router.get("readyz") { [readiness] _, _ in
                let report = readiness()
                return Self.text(report.isReady ? .ok : .serviceUnavailable, report.body)
            }
        }
        if roles.contains(.metrics) {
            router.get("metrics") { [exposition] _, _ in
                Response(
                    status: .ok, headers: [.contentType: OperatorMetrics.contentType],
                    body: ResponseBody { writer in
                        for piece in exposition() {
                            try await writer.write(ByteBuffer(bytes: piece))
                        }
                        try await writer.finish(nil)
                    })
            }
        }
        return router
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(
            status: status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}

extension ProbeServer: Service {
    /// Serves until shutdown, logging each listener's bound port.
    public func run() async throws {
        let logger = logger
        try await run { roles, port in
            logger.info("Listening", metadata: ["http.port": "\(port)", "http.roles": "\(roles.map { "\($0)" }.sorted())"])
        }
    }
}
