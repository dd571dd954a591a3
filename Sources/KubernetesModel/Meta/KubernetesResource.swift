/// A kind of the Kubernetes API with a fixed Swift type. Its descriptor tells the client where the
/// kind lives; `metadata` is what every object carries.
public protocol KubernetesResource: Sendable {
    /// API group; empty for the core group (`v1`).
    static var group: String { get }
    static var version: String { get }
    static var kind: String { get }
    /// The lower-case plural used in URLs, e.g. `jobs`.
    static var plural: String { get }
    static var isNamespaced: Bool { get }

    var metadata: ObjectMeta { get set }
}

extension KubernetesResource {
    /// `v1` for the core group, `group/version` otherwise.
    public static var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    public static var resource: ResourceDescriptor {
        ResourceDescriptor(group: group, version: version, kind: kind, plural: plural, isNamespaced: isNamespaced)
    }
}

/// Where a kind lives in the API, for kinds known only at run time (custom resources).
public struct ResourceDescriptor: Sendable, Codable, Hashable {
    public var group: String
    public var version: String
    public var kind: String
    public var plural: String
    public var isNamespaced: Bool

    public init(group: String, version: String, kind: String, plural: String, isNamespaced: Bool) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.isNamespaced = isNamespaced
    }

    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
}
