/// A failure the simulator answers instead of serving a request, while `remaining` lasts.
public struct InjectedFailure: Sendable, Equatable {
    /// The HTTP status code to answer (e.g. 429, 500, 503).
    public var code: Int
    /// Requests still to fail.
    public var remaining: Int
    /// Only requests with this Kubernetes verb (get, list, watch, create, update, patch, delete,
    /// deletecollection); nil matches every verb.
    public var verb: String?
    /// Only requests for this resource plural (e.g. `jobs`); nil matches every resource.
    public var resource: String?
    /// Sent as the `Retry-After` header and `details.retryAfterSeconds` (429 defaults to 1).
    public var retryAfterSeconds: Int?

    public init(code: Int, count: Int = 1, verb: String? = nil, resource: String? = nil, retryAfterSeconds: Int? = nil) {
        self.code = code
        remaining = count
        self.verb = verb
        self.resource = resource
        self.retryAfterSeconds = retryAfterSeconds ?? (code == 429 ? 1 : nil)
    }

    func matches(verb: String, resource: String) -> Bool {
        remaining > 0 && (self.verb.map { $0 == verb } ?? true) && (self.resource.map { $0 == resource } ?? true)
    }

    /// The `Status` error the real server sends for this code.
    var error: APIError {
        let (reason, message): (String, String)
        switch code {
        case 429: (reason, message) = ("TooManyRequests", "Too many requests, please try again later.")
        case 500: (reason, message) = ("InternalError", "Internal error occurred: injected by KubeSim")
        case 503: (reason, message) = ("ServiceUnavailable", "The server is currently unable to handle the request")
        case 504: (reason, message) = ("Timeout", "The server was unable to return a response in the time allotted")
        case 409: (reason, message) = ("Conflict", "Operation cannot be fulfilled: injected by KubeSim")
        case 404: (reason, message) = ("NotFound", "the server could not find the requested resource (injected by KubeSim)")
        case 401: (reason, message) = ("Unauthorized", "Unauthorized")
        case 403: (reason, message) = ("Forbidden", "forbidden: injected by KubeSim")
        case 410: (reason, message) = ("Expired", "too old resource version (injected by KubeSim)")
        default: (reason, message) = ("", "injected failure \(code)")
        }
        let details = retryAfterSeconds.map { APIError.Details(name: "", group: "", kind: "", retryAfterSeconds: $0) }
        return APIError(code: code, reason: reason, message: message, details: details)
    }
}
