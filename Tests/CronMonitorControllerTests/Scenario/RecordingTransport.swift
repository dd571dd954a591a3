import CronMonitorController
import Foundation
import KubernetesClient
import Synchronization

/// Passes requests through and remembers each as the RBAC permission it needs, so a test can
/// check that `OperatorPermissions` (and with it the shipped RBAC) covers every call the
/// operator really makes.
final class RecordingTransport: HTTPTransport {
    let base: any HTTPTransport
    private let seen = Mutex<[APIPermission: Int]>([:])

    init(base: any HTTPTransport) {
        self.base = base
    }

    var permissions: Set<APIPermission> { seen.withLock { Set($0.keys) } }

    /// How many requests needed `verb` on `resource` (e.g. "patch", "cronmonitors/status").
    func count(_ verb: String, _ resource: String) -> Int {
        seen.withLock { $0.filter { $0.key.verb == verb && $0.key.resource == resource }.values.reduce(0, +) }
    }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        record(request)
        return try await base.send(request)
    }

    func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
        record(request)
        return try await base.stream(request)
    }

    private func record(_ request: HTTPRequest) {
        guard let permission = APIPermission(request) else { return }
        seen.withLock { $0[permission, default: 0] += 1 }
    }
}

/// The RBAC (apiGroup, resource, verb) a request needs, read from its method and path.
struct APIPermission: Hashable, Sendable, CustomStringConvertible {
    var apiGroup: String
    var resource: String
    var verb: String
    var namespace: String?

    init?(_ request: HTTPRequest) {
        let parts = request.path.split(separator: "?", maxSplits: 1)
        let query = parts.count > 1 ? String(parts[1]) : ""
        var segments = parts.first.map { $0.split(separator: "/").map(String.init) } ?? []
        if segments.first == "api" {
            apiGroup = ""
            segments.removeFirst(2)
        } else if segments.first == "apis", segments.count >= 3 {
            apiGroup = segments[1]
            segments.removeFirst(3)
        } else {
            return nil
        }
        if segments.first == "namespaces", segments.count >= 3 {
            namespace = segments[1]
            segments.removeFirst(2)
        }
        guard let plural = segments.first else { return nil }
        resource = segments.count >= 3 ? "\(plural)/\(segments[2])" : plural
        let named = segments.count >= 2
        switch request.method {
        case .get:
            verb = named ? "get" : (query.contains("watch=true") || query.contains("watch=1") ? "watch" : "list")
        case .post: verb = "create"
        case .put: verb = "update"
        case .patch: verb = "patch"
        case .delete: verb = named ? "delete" : "deletecollection"
        }
    }

    var description: String { "\(verb) \(apiGroup.isEmpty ? "core" : apiGroup)/\(resource)" }

    /// Whether the declared permissions grant this request.
    var isDeclared: Bool {
        OperatorPermissions.rules.contains { rule in
            rule.apiGroup == apiGroup && rule.resource == resource && rule.verbs.contains(verb)
        }
    }
}
