import Foundation
import KubernetesModel

extension KubernetesError {
    /// The error for a non-success response: its `Status` body when it has one, else a status
    /// made from the code and the start of the body (proxies answer with plain text or HTML).
    public init(response: HTTPResponse) {
        var status = (try? JSONDecoder().decode(Status.self, from: response.body)) ?? Status()
        if status.message == nil, status.reason == nil {
            let text = String(decoding: response.body.prefix(512), as: UTF8.self)
            status.message = text.isEmpty ? "HTTP \(response.status) without a body" : text
            status.status = "Failure"
        }
        status.code = response.status
        self.init(status: status, retryAfterHeader: response.headers["retry-after"])
    }

    /// The error a `Status` stands for (watch ERROR events, or a decoded response body).
    /// A status without a code is classified by its reason.
    public init(status: Status, retryAfterHeader: String? = nil) {
        let retryAfter = retryAfterHeader.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            ?? status.details?.retryAfterSeconds
        var status = status
        if status.code == nil || status.code == 0 {
            status.code = Self.code(forReason: status.reason)
        }
        let code = status.code ?? 500
        switch code {
        case 400: self = .badRequest(status)
        case 401: self = .unauthorized(status)
        case 403: self = .forbidden(status)
        case 404: self = .notFound(status)
        case 405: self = .methodNotAllowed(status)
        case 409: self = status.reason == "AlreadyExists" ? .alreadyExists(status) : .conflict(status)
        case 410: self = .gone(status)
        case 415: self = .unsupportedMediaType(status)
        case 422: self = .invalid(status, causes: status.details?.causes ?? [])
        case 429: self = .tooManyRequests(status, retryAfterSeconds: retryAfter)
        case 500...599: self = .serverError(status, retryAfterSeconds: retryAfter)
        default: self = .unexpectedStatus(status)
        }
    }

    /// The HTTP code of the API's standard reasons (`metav1.StatusReason`).
    static func code(forReason reason: String?) -> Int {
        switch reason {
        case "BadRequest": 400
        case "Unauthorized": 401
        case "Forbidden": 403
        case "NotFound": 404
        case "MethodNotAllowed": 405
        case "AlreadyExists", "Conflict": 409
        case "Gone", "Expired": 410
        case "UnsupportedMediaType": 415
        case "Invalid": 422
        case "TooManyRequests": 429
        case "ServiceUnavailable": 503
        case "Timeout", "ServerTimeout": 504
        default: 500
        }
    }
}
