extension CoreV1 {
    /// Core `v1` Pod, reduced to its metadata and phase.
    public struct Pod: KubernetesResource, Codable, Equatable {
        public static let group = ""
        public static let version = "v1"
        public static let kind = "Pod"
        public static let plural = "pods"
        public static let isNamespaced = true

        public var metadata: ObjectMeta
        public var status: PodStatus?

        public init(metadata: ObjectMeta, status: PodStatus? = nil) {
            self.metadata = metadata
            self.status = status
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: TopLevelCodingKeys.self)
            metadata = try container.decodeMetadata()
            status = try container.decodeIfPresent(PodStatus.self, forKey: .status)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: TopLevelCodingKeys.self)
            try encodeTypeAndMetadata(into: &container)
            try container.encodeIfPresent(status, forKey: .status)
        }
    }

    public struct PodStatus: Sendable, Codable, Equatable {
        /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
        public var phase: String?

        public init(phase: String? = nil) {
            self.phase = phase
        }
    }
}
