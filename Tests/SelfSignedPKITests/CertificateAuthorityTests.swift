import Foundation
import SelfSignedPKI
import Testing
import X509

@Suite(.timeLimit(.minutes(2))) struct CertificateAuthorityTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func caIsSelfSignedAndMarkedAsAuthority() throws {
        let ca = try CertificateAuthority.generate(commonName: "test-ca", now: now)
        let certificate = try Certificate(pemEncoded: ca.certificatePEM)
        #expect(certificate.subject == certificate.issuer)
        #expect(certificate.subject.description.contains("test-ca"))
        #expect(try certificate.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: nil))
        #expect(certificate.notValidBefore <= now && now < certificate.notValidAfter)
        #expect(ca.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
    }

    @Test func serverCertificateCarriesNamesAndChainsToTheCA() async throws {
        let ca = try CertificateAuthority.generate(commonName: "test-ca", now: now)
        let issued = try ca.issueServerCertificate(
            commonName: "kubesim", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1", "::1"], now: now)
        let certificate = try Certificate(pemEncoded: issued.certificatePEM)
        let names = try #require(try certificate.extensions.subjectAlternativeNames)
        #expect(names.contains(.dnsName("localhost")))
        #expect(names.contains(.ipAddress(.init(contentBytes: [127, 0, 0, 1]))))
        #expect(names.contains(.ipAddress(.init(contentBytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]))))
        #expect(try certificate.extensions.extendedKeyUsage?.contains(.serverAuth) == true)

        let root = try Certificate(pemEncoded: ca.certificatePEM)
        var verifier = Verifier(rootCertificates: CertificateStore([root])) {
            RFC5280Policy(validationTime: now)
        }
        let result = await verifier.validate(leaf: certificate, intermediates: CertificateStore())
        guard case .validCertificate = result else {
            Issue.record("server certificate does not chain to the CA: \(result)")
            return
        }
    }

    @Test func clientCertificateNamesUserAndGroups() throws {
        let ca = try CertificateAuthority.generate(commonName: "test-ca", now: now)
        let issued = try ca.issueClientCertificate(commonName: "alice", organizations: ["system:masters"], now: now)
        let certificate = try Certificate(pemEncoded: issued.certificatePEM)
        #expect(certificate.subject.description.contains("CN=alice"))
        #expect(certificate.subject.description.contains("O=system:masters"))
        #expect(try certificate.extensions.extendedKeyUsage?.contains(.clientAuth) == true)
    }

    @Test func rejectsAnInvalidIPAddress() throws {
        let ca = try CertificateAuthority.generate(commonName: "test-ca", now: now)
        #expect(throws: PKIError.self) {
            try ca.issueServerCertificate(commonName: "x", dnsNames: [], ipAddresses: ["300.1.1.1"], now: now)
        }
    }
}
