/// The contents of one or more kubeconfig files as written: names looked up, nothing read or
/// decoded yet (files and base64 are resolved only for the context in use, as kubectl does).
struct Kubeconfig: Sendable, Equatable {
    var clusters: [String: Entry<Cluster>] = [:]
    var users: [String: Entry<User>] = [:]
    var contexts: [String: Entry<Context>] = [:]
    /// `current-context` and the file that set it.
    var currentContext: Entry<String>?

    /// A named item and the file it came from (relative paths resolve against that file's directory).
    struct Entry<Body: Sendable & Equatable>: Sendable, Equatable {
        var body: Body
        var file: String
    }

    struct Cluster: Sendable, Equatable {
        var server: String?
        var certificateAuthority: String?
        var certificateAuthorityData: String?
        var insecureSkipTLSVerify: Bool
        var tlsServerName: String?
    }

    struct User: Sendable, Equatable {
        var clientCertificate: String?
        var clientCertificateData: String?
        var clientKey: String?
        var clientKeyData: String?
        var token: String?
        var tokenFile: String?
        var exec: ExecConfig?
        /// Set fields this client does not implement (`auth-provider`, `username`, ...).
        var unsupportedFields: [String]
    }

    struct Context: Sendable, Equatable {
        var cluster: String
        var user: String?
        var namespace: String?
    }

    /// Merges files in order as kubectl does with a `KUBECONFIG` list: the first file that names a
    /// cluster, user or context wins; `current-context` comes from the first file that sets it.
    static func merged(_ files: [Kubeconfig]) -> Kubeconfig {
        var result = Kubeconfig()
        for file in files {
            result.clusters.merge(file.clusters) { first, _ in first }
            result.users.merge(file.users) { first, _ in first }
            result.contexts.merge(file.contexts) { first, _ in first }
            if result.currentContext == nil { result.currentContext = file.currentContext }
        }
        return result
    }
}

/// The `exec` stanza of a kubeconfig user: a credential plugin to run.
public struct ExecConfig: Sendable, Equatable {
    public static let supportedAPIVersions = [
        "client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1",
    ]

    public var apiVersion: String
    /// As written; a relative path with a `/` is resolved against the kubeconfig's directory.
    public var command: String
    public var args: [String]
    /// Variables set on top of the operator's environment, in order.
    public var env: [EnvVar]
    public var installHint: String?
    public var provideClusterInfo: Bool

    public struct EnvVar: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(
        apiVersion: String, command: String, args: [String] = [], env: [EnvVar] = [],
        installHint: String? = nil, provideClusterInfo: Bool = false
    ) {
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.env = env
        self.installHint = installHint
        self.provideClusterInfo = provideClusterInfo
    }
}
