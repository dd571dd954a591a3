import Foundation
import KubernetesModel

/// What resolving a kubeconfig needs from the outside world.
struct ResolveEnvironment: Sendable {
    var environment: [String: String]
    var execTimeout: Duration
    var now: @Sendable () -> Date
}

extension Kubeconfig {
    /// The configuration of `requestedContext` (else `current-context`), with files read and
    /// base64 decoded. `sources` names the file(s) for errors not tied to one entry.
    func resolve(
        context requestedContext: String?, sources: String, using outside: ResolveEnvironment
    ) throws(ClusterConfigurationError) -> ClusterConfiguration {
        guard let contextName = requestedContext ?? currentContext?.body else {
            throw ClusterConfigurationError(source: sources, field: "current-context", problem: .noCurrentContext)
        }
        guard let context = contexts[contextName] else {
            let source = requestedContext == nil ? (currentContext?.file ?? sources) : sources
            let field = requestedContext == nil ? "current-context" : "contexts"
            throw ClusterConfigurationError(source: source, field: field, problem: .contextNotFound(contextName))
        }
        let contextPath = "contexts[name=\(contextName)].context"
        guard let cluster = clusters[context.body.cluster] else {
            throw ClusterConfigurationError(
                source: context.file, field: "\(contextPath).cluster", problem: .clusterNotFound(context.body.cluster)
            )
        }
        let (server, tls) = try Self.resolveCluster(cluster, path: "clusters[name=\(context.body.cluster)].cluster")
        let credentials: any CredentialProvider
        if let userName = context.body.user {
            guard let user = users[userName] else {
                throw ClusterConfigurationError(
                    source: context.file, field: "\(contextPath).user", problem: .userNotFound(userName)
                )
            }
            let clusterInfo = Self.execClusterInfo(server: server, tls: tls)
            credentials = try Self.resolveUser(
                user, path: "users[name=\(userName)].user", clusterInfo: clusterInfo, using: outside
            )
        } else {
            credentials = StaticCredentials()
        }
        return ClusterConfiguration(server: server, tls: tls, credentials: credentials, namespace: context.body.namespace)
    }

    static func resolveCluster(
        _ entry: Entry<Cluster>, path: String
    ) throws(ClusterConfigurationError) -> (URL, TLSSettings) {
        let cluster = entry.body
        func fail(_ field: String, _ problem: ClusterConfigurationError.Problem) -> ClusterConfigurationError {
            ClusterConfigurationError(source: entry.file, field: "\(path).\(field)", problem: problem)
        }
        guard let serverText = cluster.server, !serverText.isEmpty else { throw fail("server", .missing) }
        guard let server = serverURL(serverText) else {
            throw fail("server", .invalidValue("'\(serverText)' is not an http(s) URL with a host"))
        }
        var tls = TLSSettings(insecureSkipVerify: cluster.insecureSkipTLSVerify, serverName: cluster.tlsServerName)
        let file = cluster.certificateAuthority.flatMap { $0.isEmpty ? nil : $0 }
        let data = cluster.certificateAuthorityData.flatMap { $0.isEmpty ? nil : $0 }
        switch (file, data) {
        case (.some, .some):
            throw fail("certificate-authority", .conflicting("both certificate-authority and certificate-authority-data are set"))
        case (.some(let file), .none):
            tls.certificateAuthorityPEM = try readFile(file, entry: entry, field: "\(path).certificate-authority")
        case (.none, .some(let data)):
            tls.certificateAuthorityPEM = try decodeBase64(data, source: entry.file, field: "\(path).certificate-authority-data")
        case (.none, .none):
            break
        }
        if tls.insecureSkipVerify, tls.certificateAuthorityPEM != nil {
            throw fail("insecure-skip-tls-verify", .conflicting("insecure-skip-tls-verify cannot be combined with a certificate authority"))
        }
        return (server, tls)
    }

    static func resolveUser(
        _ entry: Entry<User>, path: String, clusterInfo: JSONValue, using outside: ResolveEnvironment
    ) throws(ClusterConfigurationError) -> any CredentialProvider {
        let user = entry.body
        if let field = user.unsupportedFields.first {
            throw ClusterConfigurationError(source: entry.file, field: field, problem: .unsupported("this authentication method"))
        }
        var base = Credentials()
        base.clientCertificatePEM = try material(
            entry, path: path, fileField: "client-certificate", file: user.clientCertificate,
            dataField: "client-certificate-data", data: user.clientCertificateData
        )
        base.clientKeyPEM = try material(
            entry, path: path, fileField: "client-key", file: user.clientKey,
            dataField: "client-key-data", data: user.clientKeyData
        )
        switch (base.clientCertificatePEM, base.clientKeyPEM) {
        case (.some, .none):
            throw ClusterConfigurationError(source: entry.file, field: "\(path).client-key", problem: .certificateWithoutKey)
        case (.none, .some):
            throw ClusterConfigurationError(source: entry.file, field: "\(path).client-certificate", problem: .keyWithoutCertificate)
        case (.some, .some), (.none, .none):
            break
        }
        let token = user.token.flatMap { $0.isEmpty ? nil : $0 }
        let tokenFile = user.tokenFile.flatMap { $0.isEmpty ? nil : $0 }
        if let exec = user.exec {
            if token != nil || tokenFile != nil {
                throw ClusterConfigurationError(
                    source: entry.file, field: "\(path).exec",
                    problem: .conflicting("exec cannot be combined with token or tokenFile")
                )
            }
            return ExecCredentialProvider(
                config: exec,
                baseDirectory: URL(fileURLWithPath: entry.file).deletingLastPathComponent().path,
                environment: outside.environment,
                clusterInfo: clusterInfo,
                base: base,
                timeout: outside.execTimeout,
                now: outside.now
            )
        }
        if let tokenFile {
            let resolved = FileAccess.resolve(tokenFile, relativeTo: entry.file)
            do {
                _ = try TokenFileCredentialProvider.readToken(resolved)
            } catch {
                let problem: ClusterConfigurationError.Problem = FileAccess.exists(resolved)
                    ? .invalidValue("token file \(resolved) is empty")
                    : .unreadableFile(path: resolved, reason: FileAccess.reason(resolved))
                throw ClusterConfigurationError(source: entry.file, field: "\(path).tokenFile", problem: problem)
            }
            return TokenFileCredentialProvider(path: resolved, base: base, now: outside.now)
        }
        base.bearerToken = token
        return StaticCredentials(base)
    }

    /// PEM material given as a file or inline base64 (not both).
    private static func material(
        _ entry: Entry<User>, path: String, fileField: String, file: String?, dataField: String, data: String?
    ) throws(ClusterConfigurationError) -> Data? {
        switch (file.flatMap { $0.isEmpty ? nil : $0 }, data.flatMap { $0.isEmpty ? nil : $0 }) {
        case (.some, .some):
            throw ClusterConfigurationError(
                source: entry.file, field: "\(path).\(fileField)",
                problem: .conflicting("both \(fileField) and \(dataField) are set")
            )
        case (.some(let file), .none):
            return try readFile(file, entry: entry, field: "\(path).\(fileField)")
        case (.none, .some(let data)):
            return try decodeBase64(data, source: entry.file, field: "\(path).\(dataField)")
        case (.none, .none):
            return nil
        }
    }

    static func readFile<Body>(
        _ path: String, entry: Entry<Body>, field: String
    ) throws(ClusterConfigurationError) -> Data {
        let resolved = FileAccess.resolve(path, relativeTo: entry.file)
        switch FileAccess.read(resolved) {
        case .success(let data):
            return data
        case .failure(let failure):
            throw ClusterConfigurationError(
                source: entry.file, field: field, problem: .unreadableFile(path: resolved, reason: failure.reason)
            )
        }
    }

    static func decodeBase64(_ text: String, source: String, field: String) throws(ClusterConfigurationError) -> Data {
        let compact = text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact), !data.isEmpty else {
            throw ClusterConfigurationError(source: source, field: field, problem: .badBase64)
        }
        return data
    }

    static func serverURL(_ text: String) -> URL? {
        var trimmed = text
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let url = URL(string: trimmed),
              let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = url.host, !host.isEmpty else { return nil }
        return url
    }

    /// `spec.cluster` of `KUBERNETES_EXEC_INFO` (for plugins with `provideClusterInfo`).
    static func execClusterInfo(server: URL, tls: TLSSettings) -> JSONValue {
        var cluster: [String: JSONValue] = ["server": .string(server.absoluteString)]
        if let name = tls.serverName { cluster["tls-server-name"] = .string(name) }
        if tls.insecureSkipVerify { cluster["insecure-skip-tls-verify"] = .bool(true) }
        if let ca = tls.certificateAuthorityPEM { cluster["certificate-authority-data"] = .string(ca.base64EncodedString()) }
        return .object(cluster)
    }
}
