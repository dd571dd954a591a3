extension CoordinationV1 {
    /// `coordination.k8s.io/v1` Lease, used for leader election.
    public struct Lease: KubernetesResource, Codable, Equatable {
        public static let group = "coordination.k8s.io"
        public static let version = "v1"
        public static let kind = "Lease"
        public static let plural = "leases"
        public static let isNamespaced = true

        public var metadata: ObjectMeta
        public var spec: LeaseSpec

        public init(metadata: ObjectMeta, spec: LeaseSpec = LeaseSpec()) {
            self.metadata = metadata
            self.spec = spec
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: TopLevelCodingKeys.self)
            metadata = try container.decodeMetadata()
            spec = try container.decodeIfPresent(LeaseSpec.self, forKey: .spec) ?? LeaseSpec()
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: TopLevelCodingKeys.self)
            try encodeTypeAndMetadata(into: &container)
            try container.encode(spec, forKey: .spec)
        }
    }

    public struct LeaseSpec: Sendable, Codable, Equatable {
        public var holderIdentity: String?
        public var leaseDurationSeconds: Int?
        public var acquireTime: MicroTime?
        public var renewTime: MicroTime?
        public var leaseTransitions: Int?
        public var strategy: String?
        public var preferredHolder: String?

        public init(
            holderIdentity: String? = nil,
            leaseDurationSeconds: Int? = nil,
            acquireTime: MicroTime? = nil,
            renewTime: MicroTime? = nil,
            leaseTransitions: Int? = nil,
            strategy: String? = nil,
            preferredHolder: String? = nil
        ) {
            self.holderIdentity = holderIdentity
            self.leaseDurationSeconds = leaseDurationSeconds
            self.acquireTime = acquireTime
            self.renewTime = renewTime
            self.leaseTransitions = leaseTransitions
            self.strategy = strategy
            self.preferredHolder = preferredHolder
        }
    }
}
