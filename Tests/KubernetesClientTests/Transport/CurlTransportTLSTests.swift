import Foundation
import KubernetesClient
import KubernetesTestSupport
import Testing

@Suite("CurlTransport over loopback HTTPS", .timeLimit(.minutes(5)))
struct CurlTransportTLSTests {
    static func trusting(_ certificates: LoopbackCertificates) -> TLSSettings {
        TLSSettings(certificateAuthorityPEM: Data(certificates.authorityPEM.utf8))
    }

    static func clientIdentity(_ certificates: LoopbackCertificates) -> StaticCredentials {
        StaticCredentials(
            Credentials(
                clientCertificatePEM: Data(certificates.clientCertificatePEM.utf8),
                clientKeyPEM: Data(certificates.clientKeyPEM.utf8)))
    }

    @Test func aServerSignedByTheConfiguredCAIsAccepted() async throws {
        let pki = try LoopbackCertificates.generate()
        let server = try await LoopbackServer.start(tls: pki.server, handler: LoopbackServer.fixed(status: 200, body: "secure"))
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server, tls: Self.trusting(pki))
        let response = try await transport.send(HTTPRequest(method: .get, path: "/version"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "secure")
        #expect(server.requests.first?.header("authorization") == "Bearer t0k3n")
    }

    @Test func anUntrustedServerIsRefused() async throws {
        let pki = try LoopbackCertificates.generate()
        let stranger = try LoopbackCertificates.generate()
        let server = try await LoopbackServer.start(tls: pki.server, handler: LoopbackServer.fixed(status: 200))
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server, tls: Self.trusting(stranger))
        await #expect {
            _ = try await transport.send(HTTPRequest(method: .get, path: "/version"))
        } throws: { error in
            (error as? TransportError)?.kind == .tls
        }
        #expect(server.requests.isEmpty)
    }

    @Test func theSystemTrustStoreDoesNotTrustATestCA() async throws {
        let pki = try LoopbackCertificates.generate()
        let server = try await LoopbackServer.start(tls: pki.server, handler: LoopbackServer.fixed(status: 200))
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server, tls: TLSSettings())
        await #expect {
            _ = try await transport.send(HTTPRequest(method: .get, path: "/version"))
        } throws: { error in
            (error as? TransportError)?.kind == .tls
        }
    }

    @Test func insecureSkipVerifyAcceptsAnyServer() async throws {
        let pki = try LoopbackCertificates.generate()
        let server = try await LoopbackServer.start(tls: pki.server, handler: LoopbackServer.fixed(status: 204))
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server, tls: TLSSettings(insecureSkipVerify: true))
        #expect(try await transport.send(HTTPRequest(method: .get, path: "/")).status == 204)
    }

    @Test func tlsServerNameIsVerifiedInsteadOfTheHost() async throws {
        let pki = try LoopbackCertificates.generate()
        let server = try await LoopbackServer.start(tls: pki.server, handler: LoopbackServer.fixed(status: 200))
        defer { Task { await server.shutdown() } }
        var tls = Self.trusting(pki)
        tls.serverName = "localhost"
        #expect(try await makeTransport(server, tls: tls).send(HTTPRequest(method: .get, path: "/")).status == 200)
        tls.serverName = "not-in-the-certificate.example"
        await #expect {
            _ = try await makeTransport(server, tls: tls).send(HTTPRequest(method: .get, path: "/"))
        } throws: { error in
            (error as? TransportError)?.kind == .tls
        }
    }

    @Test func clientCertificateAuthenticationWorks() async throws {
        let pki = try LoopbackCertificates.generate(requireClientCertificates: true)
        let server = try await LoopbackServer.start(tls: pki.server, handler: LoopbackServer.fixed(status: 200, body: "hello"))
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server, credentials: Self.clientIdentity(pki), tls: Self.trusting(pki))
        let response = try await transport.send(HTTPRequest(method: .get, path: "/api"))
        #expect(response.status == 200)
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.header("authorization") == nil)
    }

    @Test func aServerRequiringClientCertificatesRefusesAClientWithout() async throws {
        let pki = try LoopbackCertificates.generate(requireClientCertificates: true)
        let server = try await LoopbackServer.start(tls: pki.server, handler: LoopbackServer.fixed(status: 200))
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server, tls: Self.trusting(pki))
        await #expect {
            _ = try await transport.send(HTTPRequest(method: .get, path: "/api"))
        } throws: { error in
            (error as? TransportError)?.kind == .tls
        }
        #expect(server.requests.isEmpty)
    }

    @Test func aClientCertificateFromAnotherCAIsRefused() async throws {
        let pki = try LoopbackCertificates.generate(requireClientCertificates: true)
        let stranger = try LoopbackCertificates.generate(clientCommonName: "intruder")
        let server = try await LoopbackServer.start(tls: pki.server, handler: LoopbackServer.fixed(status: 200))
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server, credentials: Self.clientIdentity(stranger), tls: Self.trusting(pki))
        await #expect {
            _ = try await transport.send(HTTPRequest(method: .get, path: "/api"))
        } throws: { error in
            (error as? TransportError)?.kind == .tls
        }
        #expect(server.requests.isEmpty)
    }
}
