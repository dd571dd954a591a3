import KubernetesModel

/// One object of a list or watch, decoded on its own: an object that does not decode becomes
/// `.undecodable` (with what can be read of its metadata and the reason) instead of failing
/// the whole page or watch, so one bad object cannot stop a controller.
public enum LenientObject<Object: Decodable>: Decodable {
    case decoded(Object)
    case undecodable(UndecodableObject)

    public init(from decoder: any Decoder) throws {
        do {
            self = .decoded(try Object(from: decoder))
        } catch {
            let metadata = try? ReadableMetadata(from: decoder)
            self = .undecodable(
                UndecodableObject(
                    namespace: metadata?.namespace, name: metadata?.name, resourceVersion: metadata?.resourceVersion,
                    reason: DecodingErrorDescription.describe(error)))
        }
    }
}

extension LenientObject: Sendable where Object: Sendable {}
extension LenientObject: Equatable where Object: Equatable {}

/// An object skipped because it does not decode: who it is, as far as readable, and why.
public struct UndecodableObject: Sendable, Equatable {
    public var namespace: String?
    public var name: String?
    public var resourceVersion: String?
    /// What was wrong and where, in one line.
    public var reason: String

    public init(namespace: String?, name: String?, resourceVersion: String?, reason: String) {
        self.namespace = namespace
        self.name = name
        self.resourceVersion = resourceVersion
        self.reason = reason
    }
}

/// `metadata.namespace`, `.name` and `.resourceVersion`, each read only if it is a string.
private struct ReadableMetadata: Decodable {
    var namespace: String?
    var name: String?
    var resourceVersion: String?

    private enum ObjectKeys: String, CodingKey { case metadata }
    private enum MetadataKeys: String, CodingKey { case namespace, name, resourceVersion }

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: ObjectKeys.self)
        let metadata = try object.nestedContainer(keyedBy: MetadataKeys.self, forKey: .metadata)
        namespace = try? metadata.decodeIfPresent(String.self, forKey: .namespace)
        name = try? metadata.decodeIfPresent(String.self, forKey: .name)
        resourceVersion = try? metadata.decodeIfPresent(String.self, forKey: .resourceVersion)
    }
}
