import Foundation
import Testing
@testable import KubernetesClient

@Suite("Exec credential plugins", .timeLimit(.minutes(2)))
struct ExecCredentialProviderTests {
    /// A plugin that records its arguments and environment next to itself, counts its runs and
    /// answers with `token-<run number>` expiring at `$EXPIRY`.
    static let recordingPlugin = #"""
        #!/bin/sh
        dir=$(dirname "$0")
        echo run >> "$dir/runs"
        count=$(wc -l < "$dir/runs" | tr -d ' ')
        printf '%s\n' "$@" > "$dir/args"
        printf '%s' "$KUBERNETES_EXEC_INFO" > "$dir/info"
        printf '%s|%s|%s' "$PLUGIN_GREETING" "$FROM_OPERATOR" "$OVERRIDDEN" > "$dir/env"
        printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"token-%s","expirationTimestamp":"%s"}}' "$count" "$EXPIRY"
        """#

    static func runs(_ dir: TemporaryDirectory, in folder: String = "") throws -> Int {
        try dir.read(folder + "runs").split(separator: "\n").count
    }

    @Test func tokenFromKubeconfigExecIsCachedUntilExpiryAndRerunAfterInvalidate() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("bin/plugin.sh", Self.recordingPlugin, executable: true)
        let now = ManualNow()
        let expiry = now.function().addingTimeInterval(600).formatted(.iso8601)
        let path = try dir.write("config", """
            current-context: main
            clusters: [{name: prod, cluster: {server: "https://api.example.com", tls-server-name: api}}]
            contexts: [{name: main, context: {cluster: prod, user: plugin}}]
            users:
            - name: plugin
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./bin/plugin.sh
                  args: [get-token, --cluster, prod]
                  env:
                  - {name: PLUGIN_GREETING, value: hello}
                  - {name: OVERRIDDEN, value: by-kubeconfig}
                  - {name: EXPIRY, value: "\(expiry)"}
                  provideClusterInfo: true
                  interactiveMode: Never
            """)
        let environment = testEnvironment.merging(["FROM_OPERATOR": "inherited", "OVERRIDDEN": "by-operator"]) { $1 }
        let config = try loadKubeconfig(path, environment: environment, now: now)
        #expect(config.credentials is ExecCredentialProvider)

        #expect(try await config.credentials.currentCredentials() == Credentials(bearerToken: "token-1"))
        #expect(try dir.read("bin/args") == "get-token\n--cluster\nprod\n")
        #expect(try dir.read("bin/env") == "hello|inherited|by-kubeconfig")
        let info = try JSONSerialization.jsonObject(with: Data(try dir.read("bin/info").utf8)) as? [String: Any]
        #expect(info?["kind"] as? String == "ExecCredential")
        #expect(info?["apiVersion"] as? String == "client.authentication.k8s.io/v1")
        let spec = info?["spec"] as? [String: Any]
        #expect(spec?["interactive"] as? Bool == false)
        let cluster = spec?["cluster"] as? [String: Any]
        #expect(cluster?["server"] as? String == "https://api.example.com")
        #expect(cluster?["tls-server-name"] as? String == "api")

        now.advance(by: 599)
        #expect(try await config.credentials.currentCredentials().bearerToken == "token-1")
        #expect(try Self.runs(dir, in: "bin/") == 1)
        now.advance(by: 1)
        #expect(try await config.credentials.currentCredentials().bearerToken == "token-2")
        await config.credentials.invalidate()
        #expect(try await config.credentials.currentCredentials().bearerToken == "token-3")
        #expect(try Self.runs(dir, in: "bin/") == 3)
    }

    @Test func clientCertificateWithoutExpiryIsCachedUntilInvalidated() async throws {
        let dir = try TemporaryDirectory()
        let script = try dir.write("plugin.sh", #"""
            #!/bin/sh
            echo run >> "$(dirname "$0")/runs"
            printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"clientCertificateData":"-----CERT-----","clientKeyData":"-----KEY-----"}}'
            """#, executable: true)
        let provider = ExecCredentialProvider(
            config: ExecConfig(apiVersion: "client.authentication.k8s.io/v1beta1", command: script),
            baseDirectory: dir.path, environment: testEnvironment, now: ManualNow().function
        )
        let expected = Credentials(clientCertificatePEM: Data("-----CERT-----".utf8), clientKeyPEM: Data("-----KEY-----".utf8))
        #expect(try await provider.currentCredentials() == expected)
        #expect(try await provider.currentCredentials() == expected)
        #expect(try Self.runs(dir) == 1)
        await provider.invalidate()
        #expect(try await provider.currentCredentials() == expected)
        #expect(try Self.runs(dir) == 2)
    }

    @Test func concurrentCallersShareOneRun() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("plugin.sh", Self.recordingPlugin, executable: true)
        let provider = ExecCredentialProvider(
            config: ExecConfig(
                apiVersion: "client.authentication.k8s.io/v1", command: "./plugin.sh",
                env: [.init(name: "EXPIRY", value: "2099-01-01T00:00:00Z")]
            ),
            baseDirectory: dir.path, environment: testEnvironment, now: ManualNow().function
        )
        async let first = provider.currentCredentials()
        async let second = provider.currentCredentials()
        let tokens = try await [first.bearerToken, second.bearerToken]
        #expect(tokens == ["token-1", "token-1"])
        #expect(try Self.runs(dir) == 1)
    }

    @Test func failureQuotesStderrButNeverTheToken() async throws {
        let dir = try TemporaryDirectory()
        let script = try dir.write("failing-plugin", #"""
            #!/bin/sh
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"s3cr3t-t0ken"}}'
            echo "login refused for s3cr3t-t0ken" >&2
            exit 3
            """#, executable: true)
        let provider = ExecCredentialProvider(
            config: ExecConfig(apiVersion: "client.authentication.k8s.io/v1", command: script),
            baseDirectory: dir.path, environment: testEnvironment, now: ManualNow().function
        )
        let error = await #expect(throws: CredentialError.self) { try await provider.currentCredentials() }
        let message = error?.message ?? ""
        #expect(message.contains("exec plugin '\(script)' exited with status 3"))
        #expect(message.contains("stderr: login refused for <redacted>"))
        #expect(!message.contains("s3cr3t-t0ken"))
    }

    @Test(arguments: [
        (#"{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"s3cr3t"}}"#,
         "apiVersion 'client.authentication.k8s.io/v1beta1' does not match"),
        (#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"Other","status":{"token":"s3cr3t"}}"#,
         "kind is not 'ExecCredential'"),
        (#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}}"#,
         "status has neither token nor clientCertificateData/clientKeyData"),
        (#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"C"}}"#,
         "clientCertificateData is set without status.clientKeyData"),
        (#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"s3cr3t","expirationTimestamp":"soon"}}"#,
         "expirationTimestamp 'soon' is not an RFC 3339 time"),
        ("not json s3cr3t", "stdout is not a JSON object"),
    ])
    func invalidOutputIsExplained(stdout: String, problem: String) async throws {
        let dir = try TemporaryDirectory()
        try dir.write("out.json", stdout)
        let script = try dir.write("plugin", "#!/bin/sh\ncat \"$(dirname \"$0\")/out.json\"\n", executable: true)
        let provider = ExecCredentialProvider(
            config: ExecConfig(apiVersion: "client.authentication.k8s.io/v1", command: script),
            baseDirectory: dir.path, environment: testEnvironment, now: ManualNow().function
        )
        let error = await #expect(throws: CredentialError.self) { try await provider.currentCredentials() }
        let message = error?.message ?? ""
        #expect(message.contains("exec plugin '\(script)': invalid ExecCredential output"))
        #expect(message.contains(problem))
        #expect(!message.contains("s3cr3t"))
    }

    @Test func missingExecutableShowsTheInstallHint() async throws {
        let provider = ExecCredentialProvider(
            config: ExecConfig(
                apiVersion: "client.authentication.k8s.io/v1", command: "no-such-plugin-xyz",
                installHint: "Install it with: brew install xyz"
            ),
            baseDirectory: "/", environment: testEnvironment, now: ManualNow().function
        )
        await #expect(throws: CredentialError(
            "exec plugin 'no-such-plugin-xyz': executable not found. Install it with: brew install xyz"
        )) {
            try await provider.currentCredentials()
        }
    }

    @Test func hangingPluginTimesOut() async throws {
        let dir = try TemporaryDirectory()
        let script = try dir.write("hang", "#!/bin/sh\nexec sleep 30\n", executable: true)
        let provider = ExecCredentialProvider(
            config: ExecConfig(apiVersion: "client.authentication.k8s.io/v1", command: script),
            baseDirectory: dir.path, environment: testEnvironment, timeout: .milliseconds(200),
            now: ManualNow().function
        )
        let error = await #expect(throws: CredentialError.self) { try await provider.currentCredentials() }
        #expect(error?.message.contains("exec plugin '\(script)': no answer within") == true)
    }
}
