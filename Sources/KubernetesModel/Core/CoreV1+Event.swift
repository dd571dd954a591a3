extension CoreV1 {
    /// Core `v1` Event (the older event API, still what `kubectl describe` shows).
    public struct Event: KubernetesResource, Codable, Equatable {
        public static let group = ""
        public static let version = "v1"
        public static let kind = "Event"
        public static let plural = "events"
        public static let isNamespaced = true

        public var metadata: ObjectMeta
        public var involvedObject: ObjectReference
        public var reason: String?
        public var message: String?
        /// `Normal` or `Warning`.
        public var type: String?
        public var count: Int?
        public var firstTimestamp: Time?
        public var lastTimestamp: Time?
        public var source: EventSource?
        public var eventTime: MicroTime?
        public var series: Series?
        public var action: String?
        public var related: ObjectReference?
        public var reportingComponent: String?
        public var reportingInstance: String?

        public init(
            metadata: ObjectMeta,
            involvedObject: ObjectReference,
            reason: String? = nil,
            message: String? = nil,
            type: String? = nil,
            count: Int? = nil,
            firstTimestamp: Time? = nil,
            lastTimestamp: Time? = nil,
            source: EventSource? = nil,
            eventTime: MicroTime? = nil,
            series: Series? = nil,
            action: String? = nil,
            related: ObjectReference? = nil,
            reportingComponent: String? = nil,
            reportingInstance: String? = nil
        ) {
            self.metadata = metadata
            self.involvedObject = involvedObject
            self.reason = reason
            self.message = message
            self.type = type
            self.count = count
            self.firstTimestamp = firstTimestamp
            self.lastTimestamp = lastTimestamp
            self.source = source
            self.eventTime = eventTime
            self.series = series
            self.action = action
            self.related = related
            self.reportingComponent = reportingComponent
            self.reportingInstance = reportingInstance
        }

        /// `corev1.EventSeries`: the same shape as the events.k8s.io one.
        public typealias Series = EventsV1.EventSeries

        private enum CodingKeys: String, CodingKey {
            case apiVersion, kind, metadata, involvedObject, reason, message, type, count
            case firstTimestamp, lastTimestamp, source, eventTime, series, action, related
            case reportingComponent, reportingInstance
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
            involvedObject = try container.decodeIfPresent(ObjectReference.self, forKey: .involvedObject)
                ?? ObjectReference()
            reason = try container.decodeIfPresent(String.self, forKey: .reason)
            message = try container.decodeIfPresent(String.self, forKey: .message)
            type = try container.decodeIfPresent(String.self, forKey: .type)
            count = try container.decodeIfPresent(Int.self, forKey: .count)
            firstTimestamp = try container.decodeIfPresent(Time.self, forKey: .firstTimestamp)
            lastTimestamp = try container.decodeIfPresent(Time.self, forKey: .lastTimestamp)
            source = try container.decodeIfPresent(EventSource.self, forKey: .source)
            eventTime = try container.decodeIfPresent(MicroTime.self, forKey: .eventTime)
            series = try container.decodeIfPresent(Series.self, forKey: .series)
            action = try container.decodeIfPresent(String.self, forKey: .action)
            related = try container.decodeIfPresent(ObjectReference.self, forKey: .related)
            reportingComponent = try container.decodeIfPresent(String.self, forKey: .reportingComponent)
            reportingInstance = try container.decodeIfPresent(String.self, forKey: .reportingInstance)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(Self.apiVersion, forKey: .apiVersion)
            try container.encode(Self.kind, forKey: .kind)
            try container.encode(metadata, forKey: .metadata)
            try container.encode(involvedObject, forKey: .involvedObject)
            try container.encodeIfPresent(reason, forKey: .reason)
            try container.encodeIfPresent(message, forKey: .message)
            try container.encodeIfPresent(type, forKey: .type)
            try container.encodeIfPresent(count, forKey: .count)
            try container.encodeIfPresent(firstTimestamp, forKey: .firstTimestamp)
            try container.encodeIfPresent(lastTimestamp, forKey: .lastTimestamp)
            try container.encodeIfPresent(source, forKey: .source)
            try container.encodeIfPresent(eventTime, forKey: .eventTime)
            try container.encodeIfPresent(series, forKey: .series)
            try container.encodeIfPresent(action, forKey: .action)
            try container.encodeIfPresent(related, forKey: .related)
            try container.encodeIfPresent(reportingComponent, forKey: .reportingComponent)
            try container.encodeIfPresent(reportingInstance, forKey: .reportingInstance)
        }
    }
}
