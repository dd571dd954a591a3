extension BatchV1 {
    /// `batch/v1` CronJob: schedule, policies and status.
    public struct CronJob: KubernetesResource, Codable, Equatable {
        public static let group = "batch"
        public static let version = "v1"
        public static let kind = "CronJob"
        public static let plural = "cronjobs"
        public static let isNamespaced = true

        public var metadata: ObjectMeta
        public var spec: CronJobSpec
        public var status: CronJobStatus?

        public init(metadata: ObjectMeta, spec: CronJobSpec, status: CronJobStatus? = nil) {
            self.metadata = metadata
            self.spec = spec
            self.status = status
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: TopLevelCodingKeys.self)
            metadata = try container.decodeMetadata()
            spec = try container.decode(CronJobSpec.self, forKey: .spec)
            status = try container.decodeIfPresent(CronJobStatus.self, forKey: .status)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: TopLevelCodingKeys.self)
            try encodeTypeAndMetadata(into: &container)
            try container.encode(spec, forKey: .spec)
            try container.encodeIfPresent(status, forKey: .status)
        }
    }

    public struct CronJobSpec: Sendable, Codable, Equatable {
        public var schedule: String
        public var timeZone: String?
        public var suspend: Bool?
        /// `Allow`, `Forbid` or `Replace`.
        public var concurrencyPolicy: String?
        public var startingDeadlineSeconds: Int64?
        public var successfulJobsHistoryLimit: Int?
        public var failedJobsHistoryLimit: Int?
        public var jobTemplate: JobTemplateSpec?

        public init(
            schedule: String,
            timeZone: String? = nil,
            suspend: Bool? = nil,
            concurrencyPolicy: String? = nil,
            startingDeadlineSeconds: Int64? = nil,
            successfulJobsHistoryLimit: Int? = nil,
            failedJobsHistoryLimit: Int? = nil,
            jobTemplate: JobTemplateSpec? = nil
        ) {
            self.schedule = schedule
            self.timeZone = timeZone
            self.suspend = suspend
            self.concurrencyPolicy = concurrencyPolicy
            self.startingDeadlineSeconds = startingDeadlineSeconds
            self.successfulJobsHistoryLimit = successfulJobsHistoryLimit
            self.failedJobsHistoryLimit = failedJobsHistoryLimit
            self.jobTemplate = jobTemplate
        }
    }

    /// A CronJob's template for its Jobs, reduced to its metadata.
    public struct JobTemplateSpec: Sendable, Codable, Equatable {
        public var metadata: TemplateMetadata?

        public init(metadata: TemplateMetadata? = nil) {
            self.metadata = metadata
        }
    }

    public struct CronJobStatus: Sendable, Codable, Equatable {
        public var active: [ObjectReference]?
        public var lastScheduleTime: Time?
        public var lastSuccessfulTime: Time?

        public init(active: [ObjectReference]? = nil, lastScheduleTime: Time? = nil, lastSuccessfulTime: Time? = nil) {
            self.active = active
            self.lastScheduleTime = lastScheduleTime
            self.lastSuccessfulTime = lastSuccessfulTime
        }
    }
}
