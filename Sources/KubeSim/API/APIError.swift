import KubernetesModel

/// A failure the simulated API server reports to its client as a `Status` object, with the same
/// `reason` and `code` a real kube-apiserver would use.
public struct APIError: Error, Sendable, Equatable {
    public var code: Int
    public var reason: String
    public var message: String
    public var details: Details?

    public struct Details: Sendable, Equatable {
        public var name: String
        public var group: String
        public var kind: String
        public var causes: [Cause]
        /// How long the client should wait before retrying (429 and some 5xx answers).
        public var retryAfterSeconds: Int?

        public init(name: String, group: String, kind: String, causes: [Cause] = [], retryAfterSeconds: Int? = nil) {
            self.retryAfterSeconds = retryAfterSeconds
            self.name = name
            self.group = group
            self.kind = kind
            self.causes = causes
        }
    }

    public struct Cause: Sendable, Equatable {
        public var reason: String
        public var message: String
        public var field: String

        public init(reason: String, message: String, field: String) {
            self.reason = reason
            self.message = message
            self.field = field
        }
    }

    public init(code: Int, reason: String, message: String, details: Details? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
    }

    /// The `Status` object (kind Status, apiVersion v1) the real server writes for this failure.
    public var status: JSONValue {
        var members: [String: JSONValue] = [
            "kind": .string("Status"),
            "apiVersion": .string("v1"),
            "metadata": .object([:]),
            "status": .string("Failure"),
            "message": .string(message),
            "reason": .string(reason),
            "code": .int(Int64(code)),
        ]
        if reason.isEmpty { members["reason"] = nil }
        if let details {
            var detailMembers: [String: JSONValue] = [:]
            if !details.kind.isEmpty { detailMembers["kind"] = .string(details.kind) }
            if !details.name.isEmpty { detailMembers["name"] = .string(details.name) }
            if !details.group.isEmpty { detailMembers["group"] = .string(details.group) }
            if let retryAfterSeconds = details.retryAfterSeconds { detailMembers["retryAfterSeconds"] = .int(Int64(retryAfterSeconds)) }
            if !details.causes.isEmpty {
                detailMembers["causes"] = .array(details.causes.map { cause in
                    .object(["reason": .string(cause.reason), "message": .string(cause.message), "field": .string(cause.field)])
                })
            }
            members["details"] = .object(detailMembers)
        }
        return .object(members)
    }
}
