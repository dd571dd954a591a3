import KubernetesClient
import KubernetesModel

/// Writes an object's `/status` as a JSON merge patch computed against the status the
/// reconciler planned from, guarded by that object's resourceVersion:
///
/// - no change → no request at all (a no-op reconcile makes zero writes);
/// - a change → exactly one PATCH carrying only the changed fields;
/// - the object changed meanwhile (409) → the object is re-read; if its status already is the
///   desired one nothing is written, otherwise `.conflicted` tells the caller to plan again from
///   the fresh object (never to overwrite what it has not seen).
public struct StatusWriter: Sendable {
    public let client: KubernetesClient
    public let resource: ResourceDescriptor

    public init(client: KubernetesClient, resource: ResourceDescriptor) {
        self.client = client
        self.resource = resource
    }

    public func write(
        namespace: String?,
        name: String,
        resourceVersion: String,
        current: JSONValue?,
        desired: JSONValue
    ) async throws(KubernetesError) -> StatusWriteResult {
        guard let statusPatch = (current ?? .object([:])).mergePatch(to: desired) else {
            return .unchanged
        }
        let body: JSONValue = .object([
            "metadata": .object(["resourceVersion": .string(resourceVersion)]),
            "status": statusPatch,
        ])
        do {
            let written = try await client.patch(
                resource: resource, name: name, namespace: namespace, patch: .merge(body),
                subresource: .status, as: JSONValue.self)
            return .written(resourceVersion: written["metadata"]?["resourceVersion"]?.stringValue ?? "")
        } catch .conflict {
            let fresh = try await client.get(resource: resource, name: name, namespace: namespace, as: JSONValue.self)
            if (fresh["status"] ?? .object([:])).mergePatch(to: desired) == nil {
                return .unchanged
            }
            return .conflicted(freshResourceVersion: fresh["metadata"]?["resourceVersion"]?.stringValue ?? "")
        }
    }
}

/// The outcome of a status write.
public enum StatusWriteResult: Sendable, Equatable {
    /// Nothing to write (or the server already had it).
    case unchanged
    case written(resourceVersion: String)
    /// The object changed since it was read: plan again from the fresh object.
    case conflicted(freshResourceVersion: String)
}
