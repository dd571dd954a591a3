extension BatchV1 {
    /// `batch/v1` Job: the fields the operator reads. Write Jobs with patches, never whole.
    public struct Job: KubernetesResource, Codable, Equatable {
        public static let group = "batch"
        public static let version = "v1"
        public static let kind = "Job"
        public static let plural = "jobs"
        public static let isNamespaced = true

        public var metadata: ObjectMeta
        public var spec: JobSpec
        public var status: JobStatus?

        public init(metadata: ObjectMeta, spec: JobSpec = JobSpec(), status: JobStatus? = nil) {
            self.metadata = metadata
            self.spec = spec
            self.status = status
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: TopLevelCodingKeys.self)
            metadata = try container.decodeMetadata()
            spec = try container.decodeIfPresent(JobSpec.self, forKey: .spec) ?? JobSpec()
            status = try container.decodeIfPresent(JobStatus.self, forKey: .status)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: TopLevelCodingKeys.self)
            try encodeTypeAndMetadata(into: &container)
            try container.encode(spec, forKey: .spec)
            try container.encodeIfPresent(status, forKey: .status)
        }
    }

    public struct JobSpec: Sendable, Codable, Equatable {
        /// Mutable: the operator sets it to end a stuck Job natively.
        public var activeDeadlineSeconds: Int64?
        public var suspend: Bool?
        public var selector: LabelSelector?
        public var backoffLimit: Int?
        public var completions: Int?
        public var parallelism: Int?
        public var template: PodTemplateSpec?

        public init(
            activeDeadlineSeconds: Int64? = nil,
            suspend: Bool? = nil,
            selector: LabelSelector? = nil,
            backoffLimit: Int? = nil,
            completions: Int? = nil,
            parallelism: Int? = nil,
            template: PodTemplateSpec? = nil
        ) {
            self.activeDeadlineSeconds = activeDeadlineSeconds
            self.suspend = suspend
            self.selector = selector
            self.backoffLimit = backoffLimit
            self.completions = completions
            self.parallelism = parallelism
            self.template = template
        }
    }

    /// A Job's pod template, reduced to its metadata.
    public struct PodTemplateSpec: Sendable, Codable, Equatable {
        public var metadata: TemplateMetadata?

        public init(metadata: TemplateMetadata? = nil) {
            self.metadata = metadata
        }
    }
}
