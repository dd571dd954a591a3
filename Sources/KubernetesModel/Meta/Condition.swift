/// `metav1.Condition`: one entry of a `status.conditions` list keyed by `type`.
public struct Condition: Sendable, Codable, Equatable {
    public var type: String
    public var status: ConditionStatus
    public var observedGeneration: Int64?
    /// Changes only when `status` changes.
    public var lastTransitionTime: Time
    /// CamelCase machine-readable reason.
    public var reason: String
    public var message: String

    public init(
        type: String,
        status: ConditionStatus,
        observedGeneration: Int64? = nil,
        lastTransitionTime: Time,
        reason: String,
        message: String
    ) {
        self.type = type
        self.status = status
        self.observedGeneration = observedGeneration
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
}

/// The value of a condition's `status`.
public enum ConditionStatus: String, Sendable, Codable, Equatable, CaseIterable {
    case `true` = "True"
    case `false` = "False"
    case unknown = "Unknown"
}
