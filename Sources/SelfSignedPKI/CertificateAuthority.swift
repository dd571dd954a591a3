import Crypto
import Foundation
import SwiftASN1
import X509

/// A throw-away certificate authority for loopback TLS: KubeSim's serving certificate and the
/// transport tests' servers and clients. Keys are ECDSA P-256; certificates are X.509 v3 PEM.
public struct CertificateAuthority: Sendable {
    /// The CA certificate (PEM), to be trusted by clients.
    public let certificatePEM: String
    /// The CA's private key (PKCS#8 PEM).
    public let privateKeyPEM: String

    private let certificate: Certificate
    private let privateKey: P256.Signing.PrivateKey

    /// A new self-signed CA valid from an hour before `now` for ten years.
    public static func generate(commonName: String, now: Date) throws(PKIError) -> CertificateAuthority {
        let key = P256.Signing.PrivateKey()
        let name: DistinguishedName
        let certificate: Certificate
        do {
            name = try DistinguishedName { CommonName(commonName) }
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: Certificate.PublicKey(key.publicKey))
            }
            certificate = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: Certificate.PublicKey(key.publicKey),
                notValidBefore: now.addingTimeInterval(-3600),
                notValidAfter: now.addingTimeInterval(10 * 365 * 86400),
                issuer: name,
                subject: name,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: extensions,
                issuerPrivateKey: Certificate.PrivateKey(key)
            )
        } catch {
            throw PKIError("cannot build CA certificate \(commonName): \(error)")
        }
        return try CertificateAuthority(certificate: certificate, privateKey: key)
    }

    private init(certificate: Certificate, privateKey: P256.Signing.PrivateKey) throws(PKIError) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.certificatePEM = try Self.pem(of: certificate)
        self.privateKeyPEM = privateKey.pemRepresentation
    }

    /// A server certificate for the given host names and IP addresses (`127.0.0.1`, `::1`).
    public func issueServerCertificate(
        commonName: String,
        dnsNames: [String],
        ipAddresses: [String],
        now: Date
    ) throws(PKIError) -> IssuedCertificate {
        var names = dnsNames.map { GeneralName.dnsName($0) }
        for address in ipAddresses {
            names.append(.ipAddress(ASN1OctetString(contentBytes: try IPAddressBytes.parse(address)[...])))
        }
        return try issue(commonName: commonName, organizations: [], usage: .serverAuth, alternativeNames: names, now: now)
    }

    /// A client certificate; Kubernetes reads the user from CN and groups from O.
    public func issueClientCertificate(
        commonName: String,
        organizations: [String],
        now: Date
    ) throws(PKIError) -> IssuedCertificate {
        try issue(commonName: commonName, organizations: organizations, usage: .clientAuth, alternativeNames: [], now: now)
    }

    private func issue(
        commonName: String,
        organizations: [String],
        usage: ExtendedKeyUsage.Usage,
        alternativeNames: [GeneralName],
        now: Date
    ) throws(PKIError) -> IssuedCertificate {
        let key = P256.Signing.PrivateKey()
        do {
            let subject = try DistinguishedName {
                for organization in organizations { OrganizationName(organization) }
                CommonName(commonName)
            }
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([usage])
                SubjectKeyIdentifier(hash: Certificate.PublicKey(key.publicKey))
                AuthorityKeyIdentifier(keyIdentifier: try certificate.extensions.subjectKeyIdentifier?.keyIdentifier)
                if !alternativeNames.isEmpty { SubjectAlternativeNames(alternativeNames) }
            }
            let issued = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: Certificate.PublicKey(key.publicKey),
                notValidBefore: now.addingTimeInterval(-3600),
                notValidAfter: now.addingTimeInterval(365 * 86400),
                issuer: certificate.subject,
                subject: subject,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: extensions,
                issuerPrivateKey: Certificate.PrivateKey(privateKey)
            )
            return IssuedCertificate(certificatePEM: try Self.pem(of: issued), privateKeyPEM: key.pemRepresentation)
        } catch let error as PKIError {
            throw error
        } catch {
            throw PKIError("cannot issue certificate \(commonName): \(error)")
        }
    }

    private static func pem(of certificate: Certificate) throws(PKIError) -> String {
        do {
            return try certificate.serializeAsPEM().pemString
        } catch {
            throw PKIError("cannot encode certificate as PEM: \(error)")
        }
    }
}

/// A certificate and its private key, both PEM.
public struct IssuedCertificate: Sendable, Equatable {
    public var certificatePEM: String
    public var privateKeyPEM: String

    public init(certificatePEM: String, privateKeyPEM: String) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }
}

/// Why a certificate could not be made.
public struct PKIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
