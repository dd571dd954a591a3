import KubernetesModel

/// A failed API call, typed from the HTTP code and the server's `Status` body.
///
/// `isRetryable` says whether trying again later (after backoff, re-reading what the request was
/// based on) can succeed without anyone changing the request or the cluster's configuration.
public enum KubernetesError: Error, Sendable, Equatable {
    /// 400: the request is malformed.
    case badRequest(Status)
    /// 401: credentials missing, expired or rejected (a rotated token may fix it).
    case unauthorized(Status)
    /// 403: RBAC denies the request.
    case forbidden(Status)
    /// 404: the object (or its namespace, or the kind) does not exist.
    case notFound(Status)
    /// 405: the verb is not supported on this resource.
    case methodNotAllowed(Status)
    /// 409 with reason `AlreadyExists`: a create met an existing name.
    case alreadyExists(Status)
    /// 409 otherwise: a resourceVersion or precondition did not match.
    case conflict(Status)
    /// 410, reason `Expired` or `Gone`: the resourceVersion or continue token is too old; relist.
    case gone(Status)
    /// 415: the patch type or body type is not accepted.
    case unsupportedMediaType(Status)
    /// 422: the object failed validation; `causes` names the fields.
    case invalid(Status, causes: [StatusCause])
    /// 429: throttled; never retry before `retryAfterSeconds`.
    case tooManyRequests(Status, retryAfterSeconds: Int?)
    /// 5xx (the code is in `status.code`), possibly with a Retry-After.
    case serverError(Status, retryAfterSeconds: Int?)
    /// Any other non-success HTTP code.
    case unexpectedStatus(Status)
    /// No usable response: connection, TLS, timeout, truncated body, cancellation.
    case transport(TransportError)
    /// A success response whose body is not what was asked for.
    case decoding(String)
    /// The request could not be built (empty name, namespace missing for a namespaced kind, ...).
    case invalidRequest(String)
}

extension KubernetesError {
    /// Whether a later retry of the same operation can succeed (see the type's documentation).
    public var isRetryable: Bool {
        switch self {
        case .tooManyRequests, .serverError, .conflict, .gone, .unauthorized:
            return true
        case .transport(let error):
            return error.kind != .cancelled
        case .badRequest, .forbidden, .notFound, .methodNotAllowed, .alreadyExists, .unsupportedMediaType,
            .invalid, .unexpectedStatus, .decoding, .invalidRequest:
            return false
        }
    }

    /// The server's minimum wait before a retry, when it gave one.
    public var retryAfterSeconds: Int? {
        switch self {
        case .tooManyRequests(_, let seconds), .serverError(_, let seconds):
            return seconds
        case .badRequest, .unauthorized, .forbidden, .notFound, .methodNotAllowed, .alreadyExists, .conflict,
            .gone, .unsupportedMediaType, .invalid, .unexpectedStatus, .transport, .decoding, .invalidRequest:
            return nil
        }
    }

    /// The server's `Status`, for errors that came from a response.
    public var status: Status? {
        switch self {
        case .badRequest(let status), .unauthorized(let status), .forbidden(let status), .notFound(let status),
            .methodNotAllowed(let status), .alreadyExists(let status), .conflict(let status), .gone(let status),
            .unsupportedMediaType(let status), .invalid(let status, _), .tooManyRequests(let status, _),
            .serverError(let status, _), .unexpectedStatus(let status):
            return status
        case .transport, .decoding, .invalidRequest:
            return nil
        }
    }

    /// The HTTP code, for errors that came from a response.
    public var code: Int? { status?.code }
}

extension KubernetesError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .transport(let error): return error.description
        case .decoding(let message): return "decoding failed: \(message)"
        case .invalidRequest(let message): return "invalid request: \(message)"
        case .badRequest, .unauthorized, .forbidden, .notFound, .methodNotAllowed, .alreadyExists, .conflict,
            .gone, .unsupportedMediaType, .invalid, .tooManyRequests, .serverError, .unexpectedStatus:
            let code = status?.code.map(String.init) ?? "?"
            let reason = status?.reason ?? "Unknown"
            return "API error \(code) \(reason): \(status?.message ?? "")"
        }
    }
}
