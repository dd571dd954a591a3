import Hummingbird
import KubernetesModel

/// `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews`: "may I?" KubeSim grants every
/// authenticated request, so the answer is yes, unless an injected 403 waits for that verb and
/// resource: then the review says no, as a real server with that RBAC rule missing would (the
/// pending failure is not used up by the question).
extension KubeSimResponder {
    static let accessReviewGroup = "authorization.k8s.io"
    static let accessReviewPlural = "selfsubjectaccessreviews"

    static func isAccessReview(_ path: ResourcePath) -> Bool {
        path.group == accessReviewGroup && path.plural == accessReviewPlural && path.name == nil && path.namespace == nil
    }

    func handleAccessReview(request: inout Request) async throws -> Response {
        guard request.method == .post else {
            throw APIError.methodNotAllowed(request.method.rawValue)
        }
        let review = try await jsonBody(&request)
        guard review["kind"]?.stringValue == "SelfSubjectAccessReview",
              let attributes = review["spec"]?["resourceAttributes"] else {
            throw APIError.badRequest("a SelfSubjectAccessReview with spec.resourceAttributes is expected")
        }
        let verb = attributes["verb"]?.stringValue ?? ""
        let resource = attributes["resource"]?.stringValue ?? ""
        let denied = faults.wouldFail(code: 403, verb: verb, resource: resource)
        var status: [String: JSONValue] = ["allowed": .bool(!denied)]
        if denied {
            status["denied"] = .bool(true)
            status["reason"] = .string("a 403 for \(verb) \(resource) is injected by KubeSim")
        }
        var answer = review.objectValue ?? [:]
        answer["status"] = .object(status)
        return Self.jsonResponse(.object(answer), status: .created)
    }
}
