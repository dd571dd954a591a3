import Foundation
import SelfSignedPKI

/// A fresh test PKI for a loopback HTTPS server: a CA, a serving certificate for `127.0.0.1` and
/// `localhost`, and a client certificate, all signed by that CA.
public struct LoopbackCertificates: Sendable {
    public var authorityPEM: String
    /// The serving certificate and key; the server requires client certificates when asked to.
    public var server: LoopbackTLS
    public var clientCertificatePEM: String
    public var clientKeyPEM: String

    public static func generate(
        requireClientCertificates: Bool = false,
        clientCommonName: String = "cronmonitor-operator",
        now: Date = Date()
    ) throws -> LoopbackCertificates {
        let authority = try CertificateAuthority.generate(commonName: "loopback-test-ca", now: now)
        let serving = try authority.issueServerCertificate(
            commonName: "loopback", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], now: now)
        let client = try authority.issueClientCertificate(
            commonName: clientCommonName, organizations: ["cronmonitor"], now: now)
        return LoopbackCertificates(
            authorityPEM: authority.certificatePEM,
            server: LoopbackTLS(
                certificateChainPEM: serving.certificatePEM, privateKeyPEM: serving.privateKeyPEM,
                clientCertificateAuthorityPEM: requireClientCertificates ? authority.certificatePEM : nil),
            clientCertificatePEM: client.certificatePEM,
            clientKeyPEM: client.privateKeyPEM)
    }
}
