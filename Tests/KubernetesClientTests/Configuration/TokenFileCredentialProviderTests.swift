import Foundation
import Testing
@testable import KubernetesClient

@Suite("Token file credentials", .timeLimit(.minutes(2)))
struct TokenFileCredentialProviderTests {
    @Test func rereadsAfterTheRefreshIntervalAndOnInvalidate() async throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("token", "one")
        let now = ManualNow()
        let provider = TokenFileCredentialProvider(path: path, base: Credentials(clientCertificatePEM: Data("C".utf8)), now: now.function)
        #expect(try await provider.currentCredentials() == Credentials(bearerToken: "one", clientCertificatePEM: Data("C".utf8)))

        try dir.write("token", "two")
        now.advance(by: 59)
        #expect(try await provider.currentCredentials().bearerToken == "one")
        now.advance(by: 1)
        #expect(try await provider.currentCredentials().bearerToken == "two")

        try dir.write("token", "three")
        #expect(try await provider.currentCredentials().bearerToken == "two")
        await provider.invalidate()
        #expect(try await provider.currentCredentials().bearerToken == "three")
    }

    @Test func missingOrEmptyFileIsAnError() async throws {
        let dir = try TemporaryDirectory()
        let provider = TokenFileCredentialProvider(path: "\(dir.path)/absent", now: ManualNow().function)
        await #expect(throws: CredentialError("cannot read token file \(dir.path)/absent: no such file")) {
            try await provider.currentCredentials()
        }
        let empty = try dir.write("empty", "\n")
        await #expect(throws: CredentialError("token file \(empty) is empty")) {
            try await TokenFileCredentialProvider(path: empty, now: ManualNow().function).currentCredentials()
        }
    }
}
