/// `metav1.Status`: the body of an API error response and of watch ERROR events.
public struct Status: Sendable, Codable, Equatable {
    /// `Success` or `Failure`.
    public var status: String?
    public var message: String?
    /// CamelCase machine-readable reason: `NotFound`, `AlreadyExists`, `Conflict`, `Expired`, ...
    public var reason: String?
    public var details: StatusDetails?
    /// The HTTP status code this status stands for.
    public var code: Int?

    public init(
        status: String? = nil,
        message: String? = nil,
        reason: String? = nil,
        details: StatusDetails? = nil,
        code: Int? = nil
    ) {
        self.status = status
        self.message = message
        self.reason = reason
        self.details = details
        self.code = code
    }

    private enum CodingKeys: String, CodingKey {
        case apiVersion, kind, status, message, reason, details, code
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decodeIfPresent(String.self, forKey: .status)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        details = try container.decodeIfPresent(StatusDetails.self, forKey: .details)
        code = try container.decodeIfPresent(Int.self, forKey: .code)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("v1", forKey: .apiVersion)
        try container.encode("Status", forKey: .kind)
        try container.encodeIfPresent(status, forKey: .status)
        try container.encodeIfPresent(message, forKey: .message)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(details, forKey: .details)
        try container.encodeIfPresent(code, forKey: .code)
    }
}

/// `metav1.StatusDetails`: which object a status is about, and why.
public struct StatusDetails: Sendable, Codable, Equatable {
    public var name: String?
    public var group: String?
    public var kind: String?
    public var uid: String?
    public var causes: [StatusCause]?
    public var retryAfterSeconds: Int?

    public init(
        name: String? = nil,
        group: String? = nil,
        kind: String? = nil,
        uid: String? = nil,
        causes: [StatusCause]? = nil,
        retryAfterSeconds: Int? = nil
    ) {
        self.name = name
        self.group = group
        self.kind = kind
        self.uid = uid
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// `metav1.StatusCause`: one reason a request failed, often a field validation error.
public struct StatusCause: Sendable, Codable, Equatable {
    /// Machine-readable cause, e.g. `FieldValueInvalid`, `FieldValueRequired`.
    public var reason: String?
    public var message: String?
    /// The field path, e.g. `spec.schedule`.
    public var field: String?

    public init(reason: String? = nil, message: String? = nil, field: String? = nil) {
        self.reason = reason
        self.message = message
        self.field = field
    }
}
