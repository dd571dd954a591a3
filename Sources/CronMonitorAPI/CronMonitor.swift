import KubernetesModel

/// `cronmonitor.io/v1alpha1` CronMonitor: watches the runs (Jobs) of a CronJob or of a label
/// selector. The CRD is `config/crd/bases/cronmonitor.io_cronmonitors.yaml`; a test keeps the
/// two in agreement.
public struct CronMonitor: KubernetesResource, Codable, Equatable {
    public static let group = "cronmonitor.io"
    public static let version = "v1alpha1"
    public static let kind = "CronMonitor"
    public static let plural = "cronmonitors"
    public static let isNamespaced = true

    public var metadata: ObjectMeta
    public var spec: CronMonitorSpec
    public var status: CronMonitorStatus?

    public init(metadata: ObjectMeta, spec: CronMonitorSpec, status: CronMonitorStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    private enum CodingKeys: String, CodingKey {
        case apiVersion, kind, metadata, spec, status
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        do {
            spec = try container.decodeIfPresent(CronMonitorSpec.self, forKey: .spec) ?? CronMonitorSpec()
        } catch {
            // Not even an object: still a monitor, reported as an invalid spec.
            spec = .unreadable((try? container.decodeIfPresent(JSONValue.self, forKey: .spec)) ?? nil)
        }
        status = try container.decodeIfPresent(CronMonitorStatus.self, forKey: .status)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.apiVersion, forKey: .apiVersion)
        try container.encode(Self.kind, forKey: .kind)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(spec, forKey: .spec)
        try container.encodeIfPresent(status, forKey: .status)
    }
}
