import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A small HTTP/1.1 server on 127.0.0.1 for transport tests: every request goes, complete, to a
/// handler closure that answers through a `LoopbackResponder` (fixed responses or a chunked
/// stream), optionally behind TLS with client-certificate verification. Requests are recorded.
public final class LoopbackServer: Sendable {
    public typealias Handler = @Sendable (LoopbackRequest, LoopbackResponder) async throws -> Void

    /// The bound port (the OS picked it).
    public let port: Int
    /// `http://127.0.0.1:<port>` or `https://127.0.0.1:<port>`.
    public let baseURL: URL
    private let serverChannel: any Channel
    private let registry: LoopbackRegistry

    private init(port: Int, baseURL: URL, serverChannel: any Channel, registry: LoopbackRegistry) {
        self.port = port
        self.baseURL = baseURL
        self.serverChannel = serverChannel
        self.registry = registry
    }

    /// Starts listening on 127.0.0.1, port 0.
    public static func start(tls: LoopbackTLS? = nil, handler: @escaping Handler) async throws -> LoopbackServer {
        let sslContext = try tls.map(makeSSLContext)
        let registry = LoopbackRegistry()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let connectionID = registry.open(channel)
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        LoopbackConnectionHandler(connectionID: connectionID, registry: registry, handler: handler))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port,
            let url = URL(string: "\(tls == nil ? "http" : "https")://127.0.0.1:\(port)")
        else {
            try? await channel.close()
            throw LoopbackServerError(message: "loopback server has no local port")
        }
        return LoopbackServer(port: port, baseURL: url, serverChannel: channel, registry: registry)
    }

    /// A handler that answers every request with the same response.
    public static func fixed(status: Int, headers: [(String, String)] = [], body: String = "") -> Handler {
        { _, responder in try await responder.respond(status: status, headers: headers, text: body) }
    }

    /// Every request received so far, in arrival order.
    public var requests: [LoopbackRequest] {
        registry.requests
    }

    /// How many client connections have closed so far.
    public var closedConnections: Int {
        registry.closedConnections
    }

    /// Stops accepting, closes every open connection and waits for them to be closed.
    public func shutdown() async {
        try? await serverChannel.close()
        for connection in registry.openConnections {
            try? await connection.close()
        }
    }

    private static func makeSSLContext(_ tls: LoopbackTLS) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(tls.certificateChainPEM.utf8)).map {
            NIOSSLCertificateSource.certificate($0)
        }
        let key = try NIOSSLPrivateKey(bytes: Array(tls.privateKeyPEM.utf8), format: .pem)
        var configuration: TLSConfiguration
        if let authority = tls.clientCertificateAuthorityPEM {
            let roots = try NIOSSLCertificate.fromPEMBytes(Array(authority.utf8))
            configuration = .makeServerConfigurationWithMTLS(
                certificateChain: chain, privateKey: .privateKey(key), trustRoots: .certificates(roots))
        } else {
            configuration = .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        }
        configuration.minimumTLSVersion = .tlsv12
        return try NIOSSLContext(configuration: configuration)
    }
}

/// The loopback server could not start.
public struct LoopbackServerError: Error, Sendable, Equatable {
    public var message: String
}
