import Foundation

/// Everything needed to talk to one API server, resolved from a kubeconfig or the in-cluster
/// environment. Secrets (token, key) are held here but never printed: `description` redacts them.
public struct ClusterConfiguration: Sendable {
    /// `https://host:port` (or `http://` for a plain loopback simulator), without a trailing slash.
    public var server: URL
    public var tls: TLSSettings
    /// Where bearer tokens and client certificates come from; asked before every request.
    public var credentials: any CredentialProvider
    /// The default namespace of the context (kubeconfig) or the pod (in-cluster); `nil` if unset.
    public var namespace: String?

    public init(server: URL, tls: TLSSettings, credentials: any CredentialProvider, namespace: String?) {
        self.server = server
        self.tls = tls
        self.credentials = credentials
        self.namespace = namespace
    }
}

/// How the server's certificate is checked.
public struct TLSSettings: Sendable, Equatable {
    /// PEM bundle of trusted CAs; `nil` uses the system trust store.
    public var certificateAuthorityPEM: Data?
    /// `insecure-skip-tls-verify`: no verification at all. Off by default.
    public var insecureSkipVerify: Bool
    /// `tls-server-name`: the name to verify instead of the server URL's host.
    public var serverName: String?

    public init(certificateAuthorityPEM: Data? = nil, insecureSkipVerify: Bool = false, serverName: String? = nil) {
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.insecureSkipVerify = insecureSkipVerify
        self.serverName = serverName
    }
}

/// The identity presented on a request: a bearer token, a client certificate, both, or neither.
public struct Credentials: Sendable, Equatable, CustomStringConvertible {
    public var bearerToken: String?
    public var clientCertificatePEM: Data?
    public var clientKeyPEM: Data?

    public init(bearerToken: String? = nil, clientCertificatePEM: Data? = nil, clientKeyPEM: Data? = nil) {
        self.bearerToken = bearerToken
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
    }

    public var description: String {
        "Credentials(token: \(bearerToken == nil ? "none" : "<redacted>"), "
            + "clientCertificate: \(clientCertificatePEM == nil ? "none" : "<set>"), "
            + "clientKey: \(clientKeyPEM == nil ? "none" : "<redacted>"))"
    }
}

/// A source of credentials that may change over time (token files, exec plugins).
public protocol CredentialProvider: Sendable {
    /// The credentials to use now (cached by the provider while they are valid).
    func currentCredentials() async throws(CredentialError) -> Credentials
    /// The server answered 401 with the credentials last returned: drop caches so the next
    /// `currentCredentials()` reads or runs again.
    func invalidate() async
}

/// Why credentials could not be obtained. Messages never contain the secret itself.
public struct CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Credentials that never change (token or certificate given inline), or none at all.
public struct StaticCredentials: CredentialProvider {
    public let credentials: Credentials

    public init(_ credentials: Credentials = Credentials()) {
        self.credentials = credentials
    }

    public func currentCredentials() async throws(CredentialError) -> Credentials { credentials }
    public func invalidate() async {}
}
