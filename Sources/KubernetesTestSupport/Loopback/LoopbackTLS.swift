/// TLS for the loopback server: its certificate chain and key, and optionally a CA that client
/// certificates must chain to (the server then requires and verifies a client certificate).
public struct LoopbackTLS: Sendable, Equatable {
    public var certificateChainPEM: String
    public var privateKeyPEM: String
    public var clientCertificateAuthorityPEM: String?

    public init(certificateChainPEM: String, privateKeyPEM: String, clientCertificateAuthorityPEM: String? = nil) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
        self.clientCertificateAuthorityPEM = clientCertificateAuthorityPEM
    }
}
