/// The body of a DELETE: how dependents are handled and what must still hold.
public struct DeleteOptions: Sendable, Equatable, Encodable {
    public enum PropagationPolicy: String, Sendable, Equatable, Encodable {
        /// Delete now; the garbage collector deletes dependents afterwards.
        case background = "Background"
        /// Delete dependents first; the object stays (with a finalizer) until they are gone.
        case foreground = "Foreground"
        /// Leave dependents without an owner.
        case orphan = "Orphan"
    }

    /// The delete happens only if the object still has this uid and/or resourceVersion.
    public struct Preconditions: Sendable, Equatable, Encodable {
        public var uid: String?
        public var resourceVersion: String?

        public init(uid: String? = nil, resourceVersion: String? = nil) {
            self.uid = uid
            self.resourceVersion = resourceVersion
        }
    }

    public var propagationPolicy: PropagationPolicy?
    public var preconditions: Preconditions?
    public var gracePeriodSeconds: Int?

    public init(
        propagationPolicy: PropagationPolicy? = nil,
        preconditions: Preconditions? = nil,
        gracePeriodSeconds: Int? = nil
    ) {
        self.propagationPolicy = propagationPolicy
        self.preconditions = preconditions
        self.gracePeriodSeconds = gracePeriodSeconds
    }

    private enum CodingKeys: String, CodingKey {
        case apiVersion, kind, propagationPolicy, preconditions, gracePeriodSeconds
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("v1", forKey: .apiVersion)
        try container.encode("DeleteOptions", forKey: .kind)
        try container.encodeIfPresent(propagationPolicy, forKey: .propagationPolicy)
        try container.encodeIfPresent(preconditions, forKey: .preconditions)
        try container.encodeIfPresent(gracePeriodSeconds, forKey: .gracePeriodSeconds)
    }
}
