extension EventsV1 {
    /// `events.k8s.io/v1` Event: how the operator raises alerts.
    public struct Event: KubernetesResource, Codable, Equatable {
        public static let group = "events.k8s.io"
        public static let version = "v1"
        public static let kind = "Event"
        public static let plural = "events"
        public static let isNamespaced = true

        public var metadata: ObjectMeta
        /// Required on create.
        public var eventTime: MicroTime?
        public var series: EventSeries?
        public var reportingController: String?
        public var reportingInstance: String?
        public var action: String?
        public var reason: String?
        public var regarding: ObjectReference?
        public var related: ObjectReference?
        public var note: String?
        /// `Normal` or `Warning`.
        public var type: String?
        public var deprecatedSource: EventSource?
        public var deprecatedFirstTimestamp: Time?
        public var deprecatedLastTimestamp: Time?
        public var deprecatedCount: Int?

        public init(
            metadata: ObjectMeta,
            eventTime: MicroTime? = nil,
            series: EventSeries? = nil,
            reportingController: String? = nil,
            reportingInstance: String? = nil,
            action: String? = nil,
            reason: String? = nil,
            regarding: ObjectReference? = nil,
            related: ObjectReference? = nil,
            note: String? = nil,
            type: String? = nil,
            deprecatedSource: EventSource? = nil,
            deprecatedFirstTimestamp: Time? = nil,
            deprecatedLastTimestamp: Time? = nil,
            deprecatedCount: Int? = nil
        ) {
            self.metadata = metadata
            self.eventTime = eventTime
            self.series = series
            self.reportingController = reportingController
            self.reportingInstance = reportingInstance
            self.action = action
            self.reason = reason
            self.regarding = regarding
            self.related = related
            self.note = note
            self.type = type
            self.deprecatedSource = deprecatedSource
            self.deprecatedFirstTimestamp = deprecatedFirstTimestamp
            self.deprecatedLastTimestamp = deprecatedLastTimestamp
            self.deprecatedCount = deprecatedCount
        }

        private enum CodingKeys: String, CodingKey {
            case apiVersion, kind, metadata, eventTime, series, reportingController, reportingInstance
            case action, reason, regarding, related, note, type
            case deprecatedSource, deprecatedFirstTimestamp, deprecatedLastTimestamp, deprecatedCount
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
            eventTime = try container.decodeIfPresent(MicroTime.self, forKey: .eventTime)
            series = try container.decodeIfPresent(EventSeries.self, forKey: .series)
            reportingController = try container.decodeIfPresent(String.self, forKey: .reportingController)
            reportingInstance = try container.decodeIfPresent(String.self, forKey: .reportingInstance)
            action = try container.decodeIfPresent(String.self, forKey: .action)
            reason = try container.decodeIfPresent(String.self, forKey: .reason)
            regarding = try container.decodeIfPresent(ObjectReference.self, forKey: .regarding)
            related = try container.decodeIfPresent(ObjectReference.self, forKey: .related)
            note = try container.decodeIfPresent(String.self, forKey: .note)
            type = try container.decodeIfPresent(String.self, forKey: .type)
            deprecatedSource = try container.decodeIfPresent(EventSource.self, forKey: .deprecatedSource)
            deprecatedFirstTimestamp = try container.decodeIfPresent(Time.self, forKey: .deprecatedFirstTimestamp)
            deprecatedLastTimestamp = try container.decodeIfPresent(Time.self, forKey: .deprecatedLastTimestamp)
            deprecatedCount = try container.decodeIfPresent(Int.self, forKey: .deprecatedCount)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(Self.apiVersion, forKey: .apiVersion)
            try container.encode(Self.kind, forKey: .kind)
            try container.encode(metadata, forKey: .metadata)
            try container.encodeIfPresent(eventTime, forKey: .eventTime)
            try container.encodeIfPresent(series, forKey: .series)
            try container.encodeIfPresent(reportingController, forKey: .reportingController)
            try container.encodeIfPresent(reportingInstance, forKey: .reportingInstance)
            try container.encodeIfPresent(action, forKey: .action)
            try container.encodeIfPresent(reason, forKey: .reason)
            try container.encodeIfPresent(regarding, forKey: .regarding)
            try container.encodeIfPresent(related, forKey: .related)
            try container.encodeIfPresent(note, forKey: .note)
            try container.encodeIfPresent(type, forKey: .type)
            try container.encodeIfPresent(deprecatedSource, forKey: .deprecatedSource)
            try container.encodeIfPresent(deprecatedFirstTimestamp, forKey: .deprecatedFirstTimestamp)
            try container.encodeIfPresent(deprecatedLastTimestamp, forKey: .deprecatedLastTimestamp)
            try container.encodeIfPresent(deprecatedCount, forKey: .deprecatedCount)
        }
    }

    /// Repeats of one event: how many and when last seen.
    public struct EventSeries: Sendable, Codable, Equatable {
        public var count: Int
        public var lastObservedTime: MicroTime

        public init(count: Int, lastObservedTime: MicroTime) {
            self.count = count
            self.lastObservedTime = lastObservedTime
        }
    }
}
