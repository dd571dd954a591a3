import Foundation
import Testing
@testable import KubernetesClient

/// One broken kubeconfig and the error it must produce. `$DIR` in the YAML and in `problem` stands
/// for the directory holding the file.
struct BrokenKubeconfig: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var context: String? = nil
    var field: String
    var problem: @Sendable (String) -> ClusterConfigurationError.Problem

    var testDescription: String { name }
}

@Suite("Broken kubeconfig files")
struct KubeconfigErrorTests {
    static let validCluster = #"clusters: [{name: c, cluster: {server: "https://api:6443"}}]"#
    static let validContext = "current-context: main\ncontexts: [{name: main, context: {cluster: c, user: alice}}]"

    /// A file whose only problem is in the user `alice`.
    static func withUser(_ user: String) -> String {
        "\(validCluster)\n\(validContext)\nusers:\n- name: alice\n  user:\n\(user)\n"
    }

    /// A file whose only problem is in the cluster `c`.
    static func withCluster(_ cluster: String) -> String {
        "\(validContext)\nusers: [{name: alice, user: {token: t}}]\nclusters:\n- name: c\n  cluster:\n\(cluster)\n"
    }

    static let cases: [BrokenKubeconfig] = [
        BrokenKubeconfig(
            name: "invalid YAML", yaml: "clusters:\n- name: c\n  cluster: {server: x\n",
            field: "", problem: { _ in .invalidYAML(line: 4, column: 1, reason: "while parsing a flow mapping: did not find expected ',' or '}'") }
        ),
        BrokenKubeconfig(
            name: "root is a list", yaml: "- a\n- b\n",
            field: "", problem: { _ in .wrongType(expected: "a mapping", found: "a sequence") }
        ),
        BrokenKubeconfig(
            name: "bad base64 key", yaml: withUser("    client-certificate-data: \(base64("C"))\n    client-key-data: '!!not base64!!'"),
            field: "users[name=alice].user.client-key-data", problem: { _ in .badBase64 }
        ),
        BrokenKubeconfig(
            name: "bad base64 CA", yaml: withCluster("    server: https://a\n    certificate-authority-data: abc$"),
            field: "clusters[name=c].cluster.certificate-authority-data", problem: { _ in .badBase64 }
        ),
        BrokenKubeconfig(
            name: "certificate without key", yaml: withUser("    client-certificate-data: \(base64("C"))"),
            field: "users[name=alice].user.client-key", problem: { _ in .certificateWithoutKey }
        ),
        BrokenKubeconfig(
            name: "key without certificate", yaml: withUser("    client-key-data: \(base64("K"))"),
            field: "users[name=alice].user.client-certificate", problem: { _ in .keyWithoutCertificate }
        ),
        BrokenKubeconfig(
            name: "unreadable client key file", yaml: withUser("    client-certificate-data: \(base64("C"))\n    client-key: keys/alice.key"),
            field: "users[name=alice].user.client-key",
            problem: { dir in .unreadableFile(path: "\(dir)/keys/alice.key", reason: "no such file") }
        ),
        BrokenKubeconfig(
            name: "unreadable CA file", yaml: withCluster("    server: https://a\n    certificate-authority: /nonexistent/ca.crt"),
            field: "clusters[name=c].cluster.certificate-authority",
            problem: { _ in .unreadableFile(path: "/nonexistent/ca.crt", reason: "no such file") }
        ),
        BrokenKubeconfig(
            name: "token file missing", yaml: withUser("    tokenFile: token.txt"),
            field: "users[name=alice].user.tokenFile",
            problem: { dir in .unreadableFile(path: "\(dir)/token.txt", reason: "no such file") }
        ),
        BrokenKubeconfig(
            name: "server missing", yaml: withCluster("    insecure-skip-tls-verify: true"),
            field: "clusters[name=c].cluster.server", problem: { _ in .missing }
        ),
        BrokenKubeconfig(
            name: "server not a URL", yaml: withCluster("    server: api.example.com"),
            field: "clusters[name=c].cluster.server",
            problem: { _ in .invalidValue("'api.example.com' is not an http(s) URL with a host") }
        ),
        BrokenKubeconfig(
            name: "insecure flag of the wrong type", yaml: withCluster("    server: https://a\n    insecure-skip-tls-verify: maybe"),
            field: "clusters[name=c].cluster.insecure-skip-tls-verify",
            problem: { _ in .wrongType(expected: "a boolean", found: "a string") }
        ),
        BrokenKubeconfig(
            name: "CA file and data", yaml: withCluster("    server: https://a\n    certificate-authority: ca.crt\n    certificate-authority-data: \(base64("CA"))"),
            field: "clusters[name=c].cluster.certificate-authority",
            problem: { _ in .conflicting("both certificate-authority and certificate-authority-data are set") }
        ),
        BrokenKubeconfig(
            name: "current context not found", yaml: "\(validCluster)\ncurrent-context: nope\n",
            field: "current-context", problem: { _ in .contextNotFound("nope") }
        ),
        BrokenKubeconfig(
            name: "requested context not found", yaml: withUser("    token: t"), context: "staging",
            field: "contexts", problem: { _ in .contextNotFound("staging") }
        ),
        BrokenKubeconfig(
            name: "no current context", yaml: "\(validCluster)\ncontexts: [{name: main, context: {cluster: c}}]\n",
            field: "current-context", problem: { _ in .noCurrentContext }
        ),
        BrokenKubeconfig(
            name: "context names an unknown cluster", yaml: "current-context: main\ncontexts: [{name: main, context: {cluster: gone}}]\n",
            field: "contexts[name=main].context.cluster", problem: { _ in .clusterNotFound("gone") }
        ),
        BrokenKubeconfig(
            name: "context names an unknown user", yaml: "\(validCluster)\n\(validContext)\n",
            field: "contexts[name=main].context.user", problem: { _ in .userNotFound("alice") }
        ),
        BrokenKubeconfig(
            name: "user entry without a name", yaml: "users:\n- user: {token: t}\n",
            field: "users[0].name", problem: { _ in .missing }
        ),
        BrokenKubeconfig(
            name: "duplicate user names", yaml: "users:\n- {name: bob, user: {}}\n- {name: bob, user: {}}\n",
            field: "users[name=bob]", problem: { _ in .conflicting("the name 'bob' is used twice") }
        ),
        BrokenKubeconfig(
            name: "exec without command",
            yaml: withUser("    exec:\n      apiVersion: client.authentication.k8s.io/v1"),
            field: "users[name=alice].user.exec.command", problem: { _ in .missing }
        ),
        BrokenKubeconfig(
            name: "exec with an old apiVersion",
            yaml: withUser("    exec:\n      apiVersion: client.authentication.k8s.io/v1alpha1\n      command: x"),
            field: "users[name=alice].user.exec.apiVersion",
            problem: { _ in .unsupported("exec plugin apiVersion 'client.authentication.k8s.io/v1alpha1' (use client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1)") }
        ),
        BrokenKubeconfig(
            name: "exec args not strings",
            yaml: withUser("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: x\n      args: [a, [b]]"),
            field: "users[name=alice].user.exec.args[1]", problem: { _ in .wrongType(expected: "a string", found: "a sequence") }
        ),
        BrokenKubeconfig(
            name: "exec and token together",
            yaml: withUser("    token: t\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: x"),
            field: "users[name=alice].user.exec", problem: { _ in .conflicting("exec cannot be combined with token or tokenFile") }
        ),
        BrokenKubeconfig(
            name: "legacy auth-provider", yaml: withUser("    auth-provider: {name: gcp}"),
            field: "users[name=alice].user.auth-provider", problem: { _ in .unsupported("this authentication method") }
        ),
    ]

    @Test(arguments: cases)
    func errorNamesFileFieldAndProblem(_ broken: BrokenKubeconfig) throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("kubeconfig.yaml", broken.yaml)
        let expected = ClusterConfigurationError(source: path, field: broken.field, problem: broken.problem(dir.path))
        #expect(throws: expected) {
            try loadKubeconfig(path, context: broken.context)
        }
        #expect(expected.description.contains(path))
        #expect(broken.field.isEmpty || expected.description.contains(": \(broken.field): "))
        #expect(expected.description.hasSuffix(expected.problem.text))
    }

    @Test func messageReadsAsFileFieldProblem() {
        let error = ClusterConfigurationError(
            source: "/home/me/.kube/config", field: "users[name=alice].user.client-key-data", problem: .badBase64
        )
        #expect(error.description
            == "invalid cluster configuration: /home/me/.kube/config: users[name=alice].user.client-key-data: is not valid base64")
    }

    @Test func unreadableExplicitKubeconfig() throws {
        let dir = try TemporaryDirectory()
        let path = "\(dir.path)/absent"
        #expect(throws: ClusterConfigurationError(source: path, field: "", problem: .unreadableFile(path: path, reason: "no such file"))) {
            try loadKubeconfig(path)
        }
    }

    @Test func errorsInAMergedListNameTheFileOfTheEntry() throws {
        let dir = try TemporaryDirectory()
        let good = try dir.write("good", "current-context: main\ncontexts: [{name: main, context: {cluster: c}}]\n")
        let bad = try dir.write("bad", "clusters: [{name: c, cluster: {server: https://a, certificate-authority-data: '%%'}}]\n")
        #expect(throws: ClusterConfigurationError(
            source: bad, field: "clusters[name=c].cluster.certificate-authority-data", problem: .badBase64
        )) {
            try ClusterConfiguration.load(
                kubeconfigPath: nil, context: nil, environment: ["KUBECONFIG": "\(good):\(bad)"],
                homeDirectory: nil, now: ManualNow().function
            )
        }
    }

    @Test func secretsNeverAppearInErrors() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("config", Self.withUser("    token: super-secret\n    client-key-data: c3VwZXItc2VjcmV0"))
        let error = #expect(throws: ClusterConfigurationError.self) { try loadKubeconfig(path) }
        #expect(error?.description.contains("super-secret") == false)
        #expect(error?.description.contains("c3VwZXItc2VjcmV0") == false)
    }
}
