import Foundation
import KubernetesModel

/// Typed calls to the Kubernetes API over any `HTTPTransport`. Each call builds its request with
/// `APIRequest`, sends it, and maps non-success answers to `KubernetesError`.
///
/// The typed calls take a `KubernetesResource` type; the `resource:` calls take a descriptor and
/// decode into any `Decodable` (e.g. `JSONValue` for a custom resource known only at run time).
public struct KubernetesClient: Sendable {
    public let transport: any HTTPTransport

    public init(transport: any HTTPTransport) {
        self.transport = transport
    }

    // MARK: - Typed

    public func get<T: KubernetesResource & Decodable>(
        _ type: T.Type, name: String, namespace: String? = nil, subresource: Subresource? = nil
    ) async throws(KubernetesError) -> T {
        try await get(resource: T.resource, name: name, namespace: namespace, subresource: subresource, as: T.self)
    }

    /// One page; `namespace: nil` lists across all namespaces.
    public func list<T: KubernetesResource & Decodable>(
        _ type: T.Type, namespace: String? = nil, options: ListOptions = ListOptions()
    ) async throws(KubernetesError) -> ObjectList<T> {
        try await list(resource: T.resource, namespace: namespace, options: options, as: T.self)
    }

    /// Creates `object` in its `metadata.namespace` (or `namespace` when given).
    public func create<T: KubernetesResource & Codable>(
        _ object: T, namespace: String? = nil
    ) async throws(KubernetesError) -> T {
        let namespace = T.isNamespaced ? (namespace ?? object.metadata.namespace) : nil
        return try await create(resource: T.resource, namespace: namespace, object: object, as: T.self)
    }

    /// Replaces `object` (named by its metadata) with a PUT; set `metadata.resourceVersion` for
    /// optimistic concurrency (a stale version gives `.conflict`). Prefer `patch` for objects
    /// with fields this project does not model: a PUT drops them.
    public func replace<T: KubernetesResource & Codable>(
        _ object: T, subresource: Subresource? = nil
    ) async throws(KubernetesError) -> T {
        guard let name = object.metadata.name else {
            throw .invalidRequest("\(T.kind) to replace has no metadata.name")
        }
        let namespace = T.isNamespaced ? object.metadata.namespace : nil
        let request = try APIRequest.replace(
            T.resource, namespace: namespace, name: name, body: object, subresource: subresource)
        return try await send(request, decoding: T.self)
    }

    /// Patches an object, or its status with `subresource: .status`.
    public func patch<T: KubernetesResource & Decodable>(
        _ type: T.Type, name: String, namespace: String? = nil, patch: Patch, subresource: Subresource? = nil
    ) async throws(KubernetesError) -> T {
        try await self.patch(
            resource: T.resource, name: name, namespace: namespace, patch: patch, subresource: subresource, as: T.self)
    }

    public func delete<T: KubernetesResource>(
        _ type: T.Type, name: String, namespace: String? = nil, options: DeleteOptions = DeleteOptions()
    ) async throws(KubernetesError) {
        try await delete(resource: T.resource, name: name, namespace: namespace, options: options)
    }

    // MARK: - By descriptor

    public func get<T: Decodable>(
        resource: ResourceDescriptor, name: String, namespace: String?, subresource: Subresource? = nil, as type: T.Type
    ) async throws(KubernetesError) -> T {
        let request = try APIRequest.get(resource, namespace: namespace, name: name, subresource: subresource)
        return try await send(request, decoding: T.self)
    }

    public func list<T: Decodable>(
        resource: ResourceDescriptor, namespace: String?, options: ListOptions = ListOptions(), as type: T.Type
    ) async throws(KubernetesError) -> ObjectList<T> {
        let request = try APIRequest.list(resource, namespace: namespace, options: options)
        return try await send(request, decoding: ObjectList<T>.self)
    }

    /// One page of a list, undecoded: for readers that take what they need from the bytes.
    public func listBody(
        resource: ResourceDescriptor, namespace: String?, options: ListOptions = ListOptions()
    ) async throws(KubernetesError) -> Data {
        let request = try APIRequest.list(resource, namespace: namespace, options: options)
        return try await send(request).body
    }

    public func create<T: Decodable>(
        resource: ResourceDescriptor, namespace: String?, object: some Encodable, as type: T.Type
    ) async throws(KubernetesError) -> T {
        let request = try APIRequest.create(resource, namespace: namespace, body: object)
        return try await send(request, decoding: T.self)
    }

    public func patch<T: Decodable>(
        resource: ResourceDescriptor, name: String, namespace: String?, patch: Patch,
        subresource: Subresource? = nil, as type: T.Type
    ) async throws(KubernetesError) -> T {
        let request = try APIRequest.patch(
            resource, namespace: namespace, name: name, patch: patch, subresource: subresource)
        return try await send(request, decoding: T.self)
    }

    /// Deletes an object. The answer (the object being deleted, or a `Status`) is not decoded.
    public func delete(
        resource: ResourceDescriptor, name: String, namespace: String?, options: DeleteOptions = DeleteOptions()
    ) async throws(KubernetesError) {
        let request = try APIRequest.delete(resource, namespace: namespace, name: name, options: options)
        _ = try await send(request)
    }

    // MARK: - Sending

    /// Sends `request`; a non-success status becomes the matching `KubernetesError`.
    func send(_ request: HTTPRequest) async throws(KubernetesError) -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw .transport(error)
        }
        guard (200..<300).contains(response.status) else {
            throw KubernetesError(response: response)
        }
        return response
    }

    func send<T: Decodable>(_ request: HTTPRequest, decoding type: T.Type) async throws(KubernetesError) -> T {
        let response = try await send(request)
        return try Self.decode(T.self, from: response.body, context: "\(request.method.rawValue) \(request.path)")
    }

    /// Decodes a response body; a failure is `.decoding`, naming `context` and what was wrong where.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, context: String) throws(KubernetesError) -> T {
        do {
            // JSON values are read by the byte parser: Foundation's decoder tries each case of
            // `JSONValue` in turn, throwing for each miss, and costs several times more.
            if T.self == JSONValue.self, let value = try JSONParser.parse(data) as? T { return value }
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw .decoding("\(T.self) from \(context): \(DecodingErrorDescription.describe(error))")
        }
    }
}
