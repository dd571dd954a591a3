/// Constructors for the failures kube-apiserver reports, with its message wording.
extension APIError {
    static func notFound(_ resource: ResourceType, name: String) -> APIError {
        APIError(
            code: 404, reason: "NotFound",
            message: "\(resource.groupResource) \"\(name)\" not found",
            details: Details(name: name, group: resource.group, kind: resource.plural))
    }

    static func namespaceNotFound(_ namespace: String) -> APIError {
        APIError(
            code: 404, reason: "NotFound",
            message: "namespaces \"\(namespace)\" not found",
            details: Details(name: namespace, group: "", kind: "namespaces"))
    }

    static func resourceNotFound(path: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource",
                 details: Details(name: "", group: "", kind: ""))
    }

    static func alreadyExists(_ resource: ResourceType, name: String) -> APIError {
        APIError(
            code: 409, reason: "AlreadyExists",
            message: "\(resource.groupResource) \"\(name)\" already exists",
            details: Details(name: name, group: resource.group, kind: resource.plural))
    }

    static func conflict(_ resource: ResourceType, name: String, why: String) -> APIError {
        APIError(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(resource.groupResource) \"\(name)\": \(why)",
            details: Details(name: name, group: resource.group, kind: resource.plural))
    }

    static func staleUpdate(_ resource: ResourceType, name: String) -> APIError {
        conflict(resource, name: name,
                 why: "the object has been modified; please apply your changes to the latest version and try again")
    }

    static func invalid(_ resource: ResourceType, name: String, causes: [Cause]) -> APIError {
        let summary = causes.map { "\($0.field): \($0.message)" }.joined(separator: ", ")
        let qualifiedKind = resource.group.isEmpty ? resource.kind : "\(resource.kind).\(resource.group)"
        return APIError(
            code: 422, reason: "Invalid",
            message: "\(qualifiedKind) \"\(name)\" is invalid: \(causes.count == 1 ? summary : "[\(summary)]")",
            details: Details(name: name, group: resource.group, kind: resource.kind, causes: causes))
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    static func methodNotAllowed(_ method: String) -> APIError {
        APIError(code: 405, reason: "MethodNotAllowed",
                 message: "the server does not allow this method on the requested resource (\(method))",
                 details: Details(name: "", group: "", kind: ""))
    }

    static func unsupportedMediaType(_ contentType: String, accepted: [String]) -> APIError {
        APIError(code: 415, reason: "UnsupportedMediaType",
                 message: "the body of the request was in an unknown format - accepted media types include: "
                    + accepted.joined(separator: ", ") + " (got \(contentType))")
    }

    static func gone(_ message: String) -> APIError {
        APIError(code: 410, reason: "Expired", message: message)
    }

    static func tooLargeResourceVersion(_ requested: Int64, current: Int64) -> APIError {
        APIError(code: 504, reason: "Timeout",
                 message: "Too large resource version: \(requested), current: \(current)",
                 details: Details(name: "", group: "", kind: "", causes: [
                    .init(reason: "ResourceVersionTooLarge", message: "Too large resource version", field: ""),
                 ]))
    }

    static func forbidden(_ resource: ResourceType, name: String, why: String) -> APIError {
        APIError(code: 403, reason: "Forbidden",
                 message: "\(resource.groupResource) \"\(name)\" is forbidden: \(why)",
                 details: Details(name: name, group: resource.group, kind: resource.plural))
    }

    static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }
}
