/// Why no usable cluster configuration could be built. The message names the file (or
/// `environment`), the field as a path (`users[name=alice].user.client-key-data`) and the problem.
/// It never contains a secret value.
public struct ClusterConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kubeconfig file (or files joined by `:`), the in-cluster directory, or `environment`.
    public var source: String
    /// The offending field, `""` when the problem is the file as a whole.
    public var field: String
    public var problem: Problem

    public init(source: String, field: String, problem: Problem) {
        self.source = source
        self.field = field
        self.problem = problem
    }

    public enum Problem: Sendable, Equatable {
        case missing
        case wrongType(expected: String, found: String)
        case invalidYAML(line: Int, column: Int, reason: String)
        case badBase64
        case unreadableFile(path: String, reason: String)
        case contextNotFound(String)
        case clusterNotFound(String)
        case userNotFound(String)
        case noCurrentContext
        case certificateWithoutKey
        case keyWithoutCertificate
        case conflicting(String)
        case invalidValue(String)
        case unsupported(String)
        case noConfiguration
    }

    public var description: String {
        let location = field.isEmpty ? source : "\(source): \(field)"
        return "invalid cluster configuration: \(location): \(problem.text)"
    }
}

extension ClusterConfigurationError.Problem {
    var text: String {
        switch self {
        case .missing: "is missing"
        case .wrongType(let expected, let found): "expected \(expected), found \(found)"
        case .invalidYAML(let line, let column, let reason): "invalid YAML at line \(line), column \(column): \(reason)"
        case .badBase64: "is not valid base64"
        case .unreadableFile(let path, let reason): "cannot read file \(path): \(reason)"
        case .contextNotFound(let name): "context '\(name)' not found"
        case .clusterNotFound(let name): "cluster '\(name)' not found"
        case .userNotFound(let name): "user '\(name)' not found"
        case .noCurrentContext: "no current context is set and none was requested"
        case .certificateWithoutKey: "a client certificate is set without a client key"
        case .keyWithoutCertificate: "a client key is set without a client certificate"
        case .conflicting(let reason): reason
        case .invalidValue(let reason): reason
        case .unsupported(let reason): "unsupported: \(reason)"
        case .noConfiguration: "no kubeconfig found and not running in a cluster"
        }
    }
}
