import Foundation
import KubernetesModel

extension Kubeconfig {
    /// Decodes one file's text. `file` is used in error messages and to resolve relative paths.
    static func decode(_ data: Data, file: String) throws(ClusterConfigurationError) -> Kubeconfig {
        let root: JSONValue
        do {
            root = try YAMLParser.parse(data)
        } catch {
            throw ClusterConfigurationError(
                source: file, field: "",
                problem: .invalidYAML(line: error.line, column: error.column, reason: error.message)
            )
        }
        if case .null = root { return Kubeconfig() }
        let node = ConfigNode(value: root, path: "", file: file)
        try node.requireObject()

        var config = Kubeconfig()
        config.clusters = try entries(node, list: "clusters", body: "cluster", decodeCluster)
        config.users = try entries(node, list: "users", body: "user", decodeUser)
        config.contexts = try entries(node, list: "contexts", body: "context", decodeContext)
        if let current = try node.string("current-context"), !current.isEmpty {
            config.currentContext = Entry(body: current, file: file)
        }
        return config
    }

    private static func entries<Body>(
        _ root: ConfigNode, list: String, body: String,
        _ decodeBody: (ConfigNode) throws(ClusterConfigurationError) -> Body
    ) throws(ClusterConfigurationError) -> [String: Entry<Body>] {
        var result: [String: Entry<Body>] = [:]
        for element in try root.array(list) {
            try element.requireObject()
            let name = try element.requiredString("name")
            let named = element.renamed("\(list)[name=\(name)]")
            if result[name] != nil {
                throw ClusterConfigurationError(
                    source: root.file, field: named.path, problem: .conflicting("the name '\(name)' is used twice")
                )
            }
            let decoded = try decodeBody(try named.requiredObject(body))
            result[name] = Entry(body: decoded, file: root.file)
        }
        return result
    }

    private static func decodeCluster(_ node: ConfigNode) throws(ClusterConfigurationError) -> Cluster {
        Cluster(
            server: try node.string("server"),
            certificateAuthority: try node.string("certificate-authority"),
            certificateAuthorityData: try node.string("certificate-authority-data"),
            insecureSkipTLSVerify: try node.bool("insecure-skip-tls-verify") ?? false,
            tlsServerName: try node.string("tls-server-name")
        )
    }

    private static func decodeUser(_ node: ConfigNode) throws(ClusterConfigurationError) -> User {
        let unsupported = ["auth-provider", "username", "password", "as", "as-uid", "as-groups"]
            .filter { node.member($0) != nil }
            .map(node.fieldPath)
        return User(
            clientCertificate: try node.string("client-certificate"),
            clientCertificateData: try node.string("client-certificate-data"),
            clientKey: try node.string("client-key"),
            clientKeyData: try node.string("client-key-data"),
            token: try node.string("token"),
            tokenFile: try node.string("tokenFile"),
            exec: try node.object("exec").map { node throws(ClusterConfigurationError) in try decodeExec(node) },
            unsupportedFields: unsupported
        )
    }

    private static func decodeContext(_ node: ConfigNode) throws(ClusterConfigurationError) -> Context {
        Context(
            cluster: try node.requiredString("cluster"),
            user: try node.string("user").flatMap { $0.isEmpty ? nil : $0 },
            namespace: try node.string("namespace").flatMap { $0.isEmpty ? nil : $0 }
        )
    }

    private static func decodeExec(_ node: ConfigNode) throws(ClusterConfigurationError) -> ExecConfig {
        let apiVersion = try node.requiredString("apiVersion")
        guard ExecConfig.supportedAPIVersions.contains(apiVersion) else {
            throw node.error("apiVersion", .unsupported(
                "exec plugin apiVersion '\(apiVersion)' (use \(ExecConfig.supportedAPIVersions.joined(separator: " or ")))"
            ))
        }
        if try node.string("interactiveMode") == "Always" {
            throw node.error("interactiveMode", .unsupported("'Always' needs a terminal; the operator runs non-interactively"))
        }
        var env: [ExecConfig.EnvVar] = []
        for variable in try node.array("env") {
            try variable.requireObject()
            env.append(ExecConfig.EnvVar(name: try variable.requiredString("name"), value: try variable.string("value") ?? ""))
        }
        return ExecConfig(
            apiVersion: apiVersion,
            command: try node.requiredString("command"),
            args: try node.strings("args"),
            env: env,
            installHint: try node.string("installHint"),
            provideClusterInfo: try node.bool("provideClusterInfo") ?? false
        )
    }
}
