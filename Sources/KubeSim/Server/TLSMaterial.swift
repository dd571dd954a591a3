import Foundation
import NIOSSL
import SelfSignedPKI

/// The certificate and key the server presents, and the CA clients must trust.
public struct TLSMaterial: Sendable, Equatable {
    public var certificatePEM: String
    public var privateKeyPEM: String
    public var certificateAuthorityPEM: String

    public init(certificatePEM: String, privateKeyPEM: String, certificateAuthorityPEM: String) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
        self.certificateAuthorityPEM = certificateAuthorityPEM
    }

    /// A fresh self-signed CA and a server certificate for `localhost`, 127.0.0.1 and ::1
    /// (plus `host` when it is another name or address).
    public static func generate(host: String, now: Date) throws(PKIError) -> TLSMaterial {
        let authority = try CertificateAuthority.generate(commonName: "kubesim-ca", now: now)
        var dnsNames = ["localhost", "kubernetes", "kubernetes.default"]
        var addresses = ["127.0.0.1", "::1"]
        let isAddress = host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
        if isAddress, !addresses.contains(host) { addresses.append(host) }
        if !isAddress, !dnsNames.contains(host) { dnsNames.append(host) }
        let issued = try authority.issueServerCertificate(
            commonName: "kubesim", dnsNames: dnsNames, ipAddresses: addresses, now: now)
        return TLSMaterial(certificatePEM: issued.certificatePEM, privateKeyPEM: issued.privateKeyPEM,
                           certificateAuthorityPEM: authority.certificatePEM)
    }

    func serverConfiguration() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map(NIOSSLCertificateSource.certificate)
        let key = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
    }
}
