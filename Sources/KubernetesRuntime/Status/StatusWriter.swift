import KubernetesClient
import KubernetesModel

/// Writes an object's `/status` subresource: one JSON merge patch (the changed fields only, as
/// computed by the caller, the one owner of the diff), guarded by the resourceVersion the caller
/// planned from. When the object changed meanwhile (409) it is read once more and handed back,
/// so the caller plans again from what the server has and never overwrites what it has not seen.
public struct StatusWriter: Sendable {
    public let client: KubernetesClient
    public let resource: ResourceDescriptor

    public init(client: KubernetesClient, resource: ResourceDescriptor) {
        self.client = client
        self.resource = resource
    }

    /// - Parameter statusPatch: the merge patch of `status` (never empty: no change, no call).
    public func write(
        namespace: String?, name: String, resourceVersion: String, statusPatch: JSONValue
    ) async throws(KubernetesError) -> StatusWriteResult {
        let body: JSONValue = .object([
            "metadata": .object(["resourceVersion": .string(resourceVersion)]),
            "status": statusPatch,
        ])
        do {
            let written = try await client.patch(
                resource: resource, name: name, namespace: namespace, patch: .merge(body),
                subresource: .status, as: JSONValue.self)
            return .written(written)
        } catch .conflict {
            return .conflicted(fresh: try await client.get(resource: resource, name: name, namespace: namespace, as: JSONValue.self))
        }
    }
}

/// The outcome of a status write.
public enum StatusWriteResult: Sendable, Equatable {
    /// The server's object after the write.
    case written(JSONValue)
    /// The object changed since it was read: here it is as the server has it now; plan again.
    case conflicted(fresh: JSONValue)
}
