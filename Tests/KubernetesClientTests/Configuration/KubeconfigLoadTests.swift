import Foundation
import Testing
@testable import KubernetesClient

@Suite("Kubeconfig loading", .timeLimit(.minutes(2)))
struct KubeconfigLoadTests {
    static func kubeconfig(cluster: String = "server: https://api.example.com:6443", user: String, namespace: String = "") -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: main
        clusters:
        - name: prod
          cluster:
            \(cluster)
        users:
        - name: alice
          user:
            \(user)
        contexts:
        - name: main
          context:
            cluster: prod
            user: alice
            \(namespace)
        """
    }

    @Test func staticToken() async throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("config", Self.kubeconfig(user: "token: abc123"))
        let config = try loadKubeconfig(path)
        #expect(config.server.absoluteString == "https://api.example.com:6443")
        #expect(config.tls == TLSSettings())
        #expect(config.namespace == nil)
        #expect(try await config.credentials.currentCredentials() == Credentials(bearerToken: "abc123"))
    }

    @Test func tokenFileRelativeToKubeconfig() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("secrets/token", "file-token\n")
        let path = try dir.write("config", Self.kubeconfig(user: "tokenFile: secrets/token"))
        let config = try loadKubeconfig(path)
        #expect(config.credentials is TokenFileCredentialProvider)
        #expect(try await config.credentials.currentCredentials().bearerToken == "file-token")
    }

    @Test func clientCertificateData() async throws {
        let dir = try TemporaryDirectory()
        let user = "client-certificate-data: \(base64("CERT"))\n    client-key-data: \(base64("KEY"))"
        let config = try loadKubeconfig(try dir.write("config", Self.kubeconfig(user: user)))
        let credentials = try await config.credentials.currentCredentials()
        #expect(credentials == Credentials(clientCertificatePEM: Data("CERT".utf8), clientKeyPEM: Data("KEY".utf8)))
    }

    @Test func clientCertificateFiles() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("pki/client.crt", "CERT-FILE")
        let keyPath = try dir.write("pki/client.key", "KEY-FILE")
        let user = "client-certificate: pki/client.crt\n    client-key: \(keyPath)"
        let config = try loadKubeconfig(try dir.write("config", Self.kubeconfig(user: user)))
        let credentials = try await config.credentials.currentCredentials()
        #expect(credentials.clientCertificatePEM == Data("CERT-FILE".utf8))
        #expect(credentials.clientKeyPEM == Data("KEY-FILE".utf8))
        #expect(credentials.bearerToken == nil)
    }

    @Test func noUserMeansNoCredentials() async throws {
        let dir = try TemporaryDirectory()
        let yaml = """
            current-context: anon
            clusters: [{name: c, cluster: {server: "http://127.0.0.1:8001/"}}]
            contexts: [{name: anon, context: {cluster: c}}]
            """
        let config = try loadKubeconfig(try dir.write("config", yaml))
        #expect(config.server.absoluteString == "http://127.0.0.1:8001")
        #expect(try await config.credentials.currentCredentials() == Credentials())
    }

    @Test func userWithoutAnyAuthMeansNoCredentials() async throws {
        let dir = try TemporaryDirectory()
        let config = try loadKubeconfig(try dir.write("config", Self.kubeconfig(user: "{}")))
        #expect(try await config.credentials.currentCredentials() == Credentials())
    }

    @Test func certificateAuthorityDataVersusFile() throws {
        let dir = try TemporaryDirectory()
        let fromData = try loadKubeconfig(try dir.write("a", Self.kubeconfig(
            cluster: "server: https://a\n    certificate-authority-data: \(base64("CA-DATA"))", user: "{}"
        )))
        #expect(fromData.tls.certificateAuthorityPEM == Data("CA-DATA".utf8))
        try dir.write("certs/ca.pem", "CA-FILE")
        let fromFile = try loadKubeconfig(try dir.write("b", Self.kubeconfig(
            cluster: "server: https://a\n    certificate-authority: certs/ca.pem\n    tls-server-name: kubernetes", user: "{}"
        )))
        #expect(fromFile.tls == TLSSettings(certificateAuthorityPEM: Data("CA-FILE".utf8), serverName: "kubernetes"))
    }

    @Test func insecureSkipVerify() throws {
        let dir = try TemporaryDirectory()
        let config = try loadKubeconfig(try dir.write("config", Self.kubeconfig(
            cluster: "server: https://a\n    insecure-skip-tls-verify: true", user: "{}"
        )))
        #expect(config.tls.insecureSkipVerify)
        #expect(config.tls.certificateAuthorityPEM == nil)
    }

    @Test func namespaceOfTheContext() throws {
        let dir = try TemporaryDirectory()
        let config = try loadKubeconfig(try dir.write("config", Self.kubeconfig(user: "{}", namespace: "namespace: batch")))
        #expect(config.namespace == "batch")
    }

    static let twoContexts = """
        current-context: dev
        clusters:
        - {name: dev, cluster: {server: "https://dev:6443"}}
        - {name: prod, cluster: {server: "https://prod:6443"}}
        users:
        - {name: dev, user: {token: dev-token}}
        - {name: prod, user: {token: prod-token}}
        contexts:
        - {name: dev, context: {cluster: dev, user: dev, namespace: sandbox}}
        - {name: prod, context: {cluster: prod, user: prod}}
        """

    @Test func currentVersusNamedContext() async throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("config", Self.twoContexts)
        let current = try loadKubeconfig(path)
        #expect(current.server.host == "dev")
        #expect(current.namespace == "sandbox")
        #expect(try await current.credentials.currentCredentials().bearerToken == "dev-token")
        let named = try loadKubeconfig(path, context: "prod")
        #expect(named.server.host == "prod")
        #expect(named.namespace == nil)
        #expect(try await named.credentials.currentCredentials().bearerToken == "prod-token")
    }

    @Test func mergedKubeconfigListFirstFileWins() async throws {
        let dir = try TemporaryDirectory()
        let first = try dir.write("first", """
            clusters: [{name: shared, cluster: {server: "https://first"}}]
            users: [{name: me, user: {token: first-token}}]
            """)
        let second = try dir.write("second", """
            current-context: work
            clusters:
            - {name: shared, cluster: {server: "https://second"}}
            - {name: other, cluster: {server: "https://other"}}
            users: [{name: me, user: {token: second-token}}]
            contexts: [{name: work, context: {cluster: shared, user: me, namespace: team}}]
            """)
        let third = try dir.write("third", "current-context: ignored\n")
        let environment = ["KUBECONFIG": "\(first):\(dir.path)/missing::\(second):\(third)"]
        let config = try ClusterConfiguration.load(
            kubeconfigPath: nil, context: nil, environment: environment, homeDirectory: nil, now: ManualNow().function
        )
        #expect(config.server.host == "first")
        #expect(config.namespace == "team")
        #expect(try await config.credentials.currentCredentials().bearerToken == "first-token")
    }

    @Test func explicitPathBeatsKubeconfigVariable() throws {
        let dir = try TemporaryDirectory()
        let explicit = try dir.write("explicit", Self.kubeconfig(cluster: "server: https://explicit", user: "{}"))
        let listed = try dir.write("listed", Self.kubeconfig(cluster: "server: https://listed", user: "{}"))
        let config = try ClusterConfiguration.load(
            kubeconfigPath: explicit, context: nil, environment: ["KUBECONFIG": listed],
            homeDirectory: nil, now: ManualNow().function
        )
        #expect(config.server.host == "explicit")
    }

    @Test func homeKubeconfigIsTheLastResort() throws {
        let home = try TemporaryDirectory()
        try home.write(".kube/config", Self.kubeconfig(cluster: "server: https://home", user: "{}"))
        let config = try ClusterConfiguration.load(
            kubeconfigPath: nil, context: nil, environment: [:], homeDirectory: home.path, now: ManualNow().function
        )
        #expect(config.server.host == "home")
        #expect(throws: ClusterConfigurationError(source: "environment", field: "", problem: .noConfiguration)) {
            try ClusterConfiguration.load(
                kubeconfigPath: nil, context: nil, environment: [:], homeDirectory: "\(home.path)/nowhere",
                now: ManualNow().function
            )
        }
    }

    @Test func inClusterComesBeforeHome() async throws {
        let home = try TemporaryDirectory()
        try home.write(".kube/config", Self.kubeconfig(cluster: "server: https://home", user: "{}"))
        let account = try TemporaryDirectory()
        try account.write("token", "sa-token\n")
        try account.write("ca.crt", "SA-CA")
        try account.write("namespace", "operators")
        let config = try ClusterConfiguration.load(
            kubeconfigPath: nil, context: nil,
            environment: ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"],
            homeDirectory: home.path, serviceAccountDirectory: account.path, now: ManualNow().function
        )
        #expect(config.server.absoluteString == "https://10.0.0.1:443")
        #expect(config.tls.certificateAuthorityPEM == Data("SA-CA".utf8))
        #expect(config.namespace == "operators")
        #expect(try await config.credentials.currentCredentials().bearerToken == "sa-token")
    }

    @Test func inClusterBracketsIPv6Hosts() throws {
        let account = try TemporaryDirectory()
        try account.write("token", "t")
        let config = try InClusterConfiguration.load(
            environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"],
            serviceAccountDirectory: account.path, now: ManualNow().function
        )
        #expect(config.server.absoluteString == "https://[fd00::1]:6443")
        #expect(config.tls.certificateAuthorityPEM == nil)
        #expect(config.namespace == nil)
    }

    @Test func inClusterWithoutTokenNamesTheFile() throws {
        let account = try TemporaryDirectory()
        let tokenPath = "\(account.path)/token"
        #expect(throws: ClusterConfigurationError(
            source: account.path, field: "token", problem: .unreadableFile(path: tokenPath, reason: "no such file")
        )) {
            try InClusterConfiguration.load(
                environment: ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"],
                serviceAccountDirectory: account.path, now: ManualNow().function
            )
        }
    }

    @Test func inClusterWithoutPort() {
        #expect(throws: ClusterConfigurationError(source: "environment", field: "KUBERNETES_SERVICE_PORT", problem: .missing)) {
            try InClusterConfiguration.load(
                environment: ["KUBERNETES_SERVICE_HOST": "10.0.0.1"], serviceAccountDirectory: "/nonexistent",
                now: ManualNow().function
            )
        }
    }
}
