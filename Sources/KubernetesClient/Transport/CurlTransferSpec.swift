import Foundation

/// Everything a transfer needs, built on the caller's task and handed to the curl thread.
/// Holds secrets (token, key): never log it.
struct CurlTransferSpec: Sendable {
    var url: String
    var method: HTTPMethod
    /// Header lines `Name: value`, including `Authorization` when a token is set.
    var headerLines: [String]
    var body: Data?
    var userAgent: String
    var connectTimeoutMilliseconds: Int
    /// `nil` for streams: no overall deadline.
    var totalTimeoutMilliseconds: Int?
    /// Streams use HTTP/1.1: a paused stream then holds back only its own connection, never
    /// other requests multiplexed with it on one HTTP/2 connection.
    var isStreaming: Bool
    /// Whole seconds without a received byte after which the transfer fails (streams only).
    var idleTimeoutSeconds: Int?
    var tls: TLSSettings
    /// `HOST:PORT:CONNECT-HOST:CONNECT-PORT` when `tls-server-name` differs from the URL host.
    var connectTo: String?
    var clientCertificatePEM: Data?
    var clientKeyPEM: Data?
}

/// Identifies one transfer between the transport and the curl thread.
struct TransferID: Hashable, Sendable {
    let rawValue: UInt64
}
