import Foundation
import Hummingbird
import KubernetesModel

/// Fault injection: applying injected faults before dispatch, and the `/kubesim/faults` control
/// endpoints.
extension KubeSimResponder {
    /// Waits the injected latency, then answers a matching injected failure for resource requests.
    func injectFaults(_ route: APIRoute, request: Request) async throws {
        let latency = faults.latency
        if latency > .zero { try await clock.sleep(for: latency) }
        guard case .resource(let path) = route else { return }
        let verb = Self.verb(method: request.method, named: path.name != nil,
                             watch: QueryParameters(query: request.uri.query).flag("watch"))
        if let failure = faults.takeFailure(verb: verb, resource: path.plural) {
            logger.debug("injected failure", metadata: ["kubesim.fault.code": "\(failure.code)", "kubesim.fault.verb": "\(verb)"])
            throw failure.error
        }
    }

    /// The Kubernetes verb of a resource request.
    static func verb(method: HTTPRequest.Method, named: Bool, watch: Bool) -> String {
        switch method {
        case .get where watch: "watch"
        case .get: named ? "get" : "list"
        case .post: "create"
        case .put: "update"
        case .patch: "patch"
        case .delete: named ? "delete" : "deletecollection"
        default: method.rawValue.lowercased()
        }
    }

    /// A fault request's JSON body whatever its content type (curl's default form type included).
    private func faultBody(_ request: inout Request) async throws -> JSONValue {
        let body = try await request.collectBody(upTo: settings.maxBodySize)
        return try JSONCoding.decode(body.readableBytesView)
    }

    /// `POST /kubesim/faults/{action}` with an optional JSON body; `DELETE /kubesim/faults` resets.
    func handleFault(_ action: String, request: inout Request) async throws -> Response {
        switch (request.method, action) {
        case (.delete, ""):
            faults.reset()
        case (.post, "close-watches"):
            faults.closeWatches()
        case (.post, "compact"):
            faults.compactHistory()
        case (.post, "malformed-watch-line"):
            faults.sendMalformedWatchLine()
        case (.post, "fail"):
            let body = try await faultBody(&request)
            guard let code = body["code"]?.intValue, (400...599).contains(code) else {
                throw APIError.badRequest("fail needs an integer \"code\" between 400 and 599")
            }
            faults.fail(InjectedFailure(
                code: Int(code), count: Int(body["count"]?.intValue ?? 1), verb: body["verb"]?.stringValue,
                resource: body["resource"]?.stringValue, retryAfterSeconds: body["retryAfterSeconds"]?.intValue.map { Int($0) }))
        case (.post, "latency"):
            let body = try await faultBody(&request)
            guard let milliseconds = body["milliseconds"]?.intValue, milliseconds >= 0 else {
                throw APIError.badRequest("latency needs a non-negative integer \"milliseconds\"")
            }
            faults.setLatency(.milliseconds(milliseconds))
        case (.post, "revoke-token"):
            let body = try await faultBody(&request)
            guard let token = body["token"]?.stringValue, !token.isEmpty else {
                throw APIError.badRequest("revoke-token needs a non-empty string \"token\"")
            }
            faults.revokeToken(token)
        default:
            throw APIError.resourceNotFound(path: request.uri.path)
        }
        return Self.jsonResponse(.object(["kind": .string("Status"), "apiVersion": .string("v1"), "metadata": .object([:]),
                                          "status": .string("Success"), "code": .int(200)]))
    }
}
