import Foundation

/// The configuration of a pod's service account: `KUBERNETES_SERVICE_HOST`/`_PORT` and the
/// mounted token, CA bundle and namespace.
public enum InClusterConfiguration {
    public static let defaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// `true` when the environment says the process runs in a pod.
    public static func isAvailable(environment: [String: String]) -> Bool {
        !(environment["KUBERNETES_SERVICE_HOST"] ?? "").isEmpty
    }

    /// - Parameters:
    ///   - serviceAccountDirectory: holds `token`, `ca.crt` and `namespace` (a temp dir in tests).
    ///   - now: the clock of the token file provider, which re-reads the token every minute.
    public static func load(
        environment: [String: String],
        serviceAccountDirectory: String = defaultServiceAccountDirectory,
        now: @escaping @Sendable () -> Date
    ) throws(ClusterConfigurationError) -> ClusterConfiguration {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty else {
            throw ClusterConfigurationError(source: "environment", field: "KUBERNETES_SERVICE_HOST", problem: .missing)
        }
        guard let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty else {
            throw ClusterConfigurationError(source: "environment", field: "KUBERNETES_SERVICE_PORT", problem: .missing)
        }
        guard let portNumber = Int(port), (1...65535).contains(portNumber) else {
            throw ClusterConfigurationError(
                source: "environment", field: "KUBERNETES_SERVICE_PORT", problem: .invalidValue("'\(port)' is not a port number")
            )
        }
        let bracketedHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        guard let server = URL(string: "https://\(bracketedHost):\(portNumber)") else {
            throw ClusterConfigurationError(
                source: "environment", field: "KUBERNETES_SERVICE_HOST", problem: .invalidValue("'\(host)' is not a host name or address")
            )
        }
        let directory = URL(fileURLWithPath: serviceAccountDirectory)
        let tokenPath = directory.appendingPathComponent("token").path
        do {
            _ = try TokenFileCredentialProvider.readToken(tokenPath)
        } catch {
            let problem: ClusterConfigurationError.Problem = FileAccess.exists(tokenPath)
                ? .invalidValue("the token file is empty")
                : .unreadableFile(path: tokenPath, reason: FileAccess.reason(tokenPath))
            throw ClusterConfigurationError(source: serviceAccountDirectory, field: "token", problem: problem)
        }
        // As client-go: a missing CA bundle falls back to the system trust store.
        let caPath = directory.appendingPathComponent("ca.crt").path
        let certificateAuthority: Data? = switch FileAccess.read(caPath) {
        case .success(let data): data.isEmpty ? nil : data
        case .failure: nil
        }
        let namespace: String? = switch FileAccess.read(directory.appendingPathComponent("namespace").path) {
        case .success(let data):
            String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        case .failure: nil
        }
        return ClusterConfiguration(
            server: server,
            tls: TLSSettings(certificateAuthorityPEM: certificateAuthority),
            credentials: TokenFileCredentialProvider(path: tokenPath, now: now),
            namespace: namespace.flatMap { $0.isEmpty ? nil : $0 }
        )
    }
}
