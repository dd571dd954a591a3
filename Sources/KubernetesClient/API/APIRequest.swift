import Foundation
import KubernetesModel

/// Builds the HTTP requests of the Kubernetes API, free of IO: paths for core (`/api/v1`) and
/// group (`/apis/group/version`) kinds, namespaced or cluster-scoped, query strings and bodies.
public enum APIRequest {
    static let acceptJSON = ["Accept": "application/json"]

    /// `GET` one object (or a subresource of it).
    public static func get(
        _ resource: ResourceDescriptor,
        namespace: String?,
        name: String,
        subresource: Subresource? = nil
    ) throws(KubernetesError) -> HTTPRequest {
        let path = try objectPath(resource, namespace: namespace, name: name, subresource: subresource)
        return HTTPRequest(method: .get, path: path, headers: acceptJSON)
    }

    /// `GET` one page of a collection; `namespace: nil` lists a namespaced kind across all namespaces.
    public static func list(
        _ resource: ResourceDescriptor,
        namespace: String?,
        options: ListOptions = ListOptions()
    ) throws(KubernetesError) -> HTTPRequest {
        let path = try collectionPath(resource, namespace: namespace)
        return HTTPRequest(method: .get, path: path + query(options.queryItems), headers: acceptJSON)
    }

    /// Added to a watch's server timeout before silence means a dead connection.
    public static let watchIdleMargin: Duration = .seconds(30)

    /// `GET ...?watch=true`: a streaming request. With a server timeout, a watch that receives
    /// nothing at all (not even a bookmark) for that long plus `watchIdleMargin` fails as idle.
    public static func watch(
        _ resource: ResourceDescriptor,
        namespace: String?,
        options: WatchOptions = WatchOptions()
    ) throws(KubernetesError) -> HTTPRequest {
        let path = try collectionPath(resource, namespace: namespace)
        return HTTPRequest(
            method: .get, path: path + query(options.queryItems), headers: acceptJSON, isStreaming: true,
            idleTimeout: options.timeoutSeconds.map { .seconds($0) + watchIdleMargin })
    }

    /// `POST` a new object to its collection.
    public static func create(
        _ resource: ResourceDescriptor,
        namespace: String?,
        body: some Encodable
    ) throws(KubernetesError) -> HTTPRequest {
        let path = try collectionPath(resource, namespace: namespace, requireNamespace: true)
        return HTTPRequest(
            method: .post, path: path, headers: jsonHeaders(contentType: "application/json"),
            body: try encode(body, what: "object"))
    }

    /// `PATCH` an object or its status.
    public static func patch(
        _ resource: ResourceDescriptor,
        namespace: String?,
        name: String,
        patch: Patch,
        subresource: Subresource? = nil
    ) throws(KubernetesError) -> HTTPRequest {
        let path = try objectPath(resource, namespace: namespace, name: name, subresource: subresource)
        return HTTPRequest(
            method: .patch, path: path, headers: jsonHeaders(contentType: patch.contentType), body: try patch.body())
    }

    /// `PUT` a whole object (or its status) in place. With `metadata.resourceVersion` set, the
    /// server refuses with 409 Conflict if the object changed since it was read.
    public static func replace(
        _ resource: ResourceDescriptor,
        namespace: String?,
        name: String,
        body: some Encodable,
        subresource: Subresource? = nil
    ) throws(KubernetesError) -> HTTPRequest {
        let path = try objectPath(resource, namespace: namespace, name: name, subresource: subresource)
        return HTTPRequest(
            method: .put, path: path, headers: jsonHeaders(contentType: "application/json"),
            body: try encode(body, what: "object"))
    }

    /// `DELETE` an object with `DeleteOptions` in the body.
    public static func delete(
        _ resource: ResourceDescriptor,
        namespace: String?,
        name: String,
        options: DeleteOptions = DeleteOptions()
    ) throws(KubernetesError) -> HTTPRequest {
        let path = try objectPath(resource, namespace: namespace, name: name, subresource: nil)
        return HTTPRequest(
            method: .delete, path: path, headers: jsonHeaders(contentType: "application/json"),
            body: try encode(options, what: "delete options"))
    }

    // MARK: - Paths

    /// `/api/v1` or `/apis/group/version`.
    public static func groupVersionPath(_ resource: ResourceDescriptor) -> String {
        resource.group.isEmpty ? "/api/\(resource.version)" : "/apis/\(resource.group)/\(resource.version)"
    }

    public static func collectionPath(
        _ resource: ResourceDescriptor,
        namespace: String?,
        requireNamespace: Bool = false
    ) throws(KubernetesError) -> String {
        var path = groupVersionPath(resource)
        if resource.isNamespaced {
            if let namespace {
                path += "/namespaces/" + (try segment(namespace, what: "namespace"))
            } else if requireNamespace {
                throw .invalidRequest("\(resource.kind) is namespaced: a namespace is required")
            }
        } else if let namespace {
            throw .invalidRequest("\(resource.kind) is cluster-scoped: namespace '\(namespace)' given")
        }
        return path + "/" + (try segment(resource.plural, what: "resource plural"))
    }

    public static func objectPath(
        _ resource: ResourceDescriptor,
        namespace: String?,
        name: String,
        subresource: Subresource?
    ) throws(KubernetesError) -> String {
        var path = try collectionPath(resource, namespace: namespace, requireNamespace: true)
        path += "/" + (try segment(name, what: "name"))
        if let subresource {
            path += "/" + (try segment(subresource.rawValue, what: "subresource"))
        }
        return path
    }

    // MARK: - Helpers

    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    private static func segment(_ value: String, what: String) throws(KubernetesError) -> String {
        guard !value.isEmpty else { throw .invalidRequest("empty \(what)") }
        guard value != ".", value != "..", !value.contains("/") else {
            throw .invalidRequest("\(what) '\(value)' may not be '.', '..' or contain '/'")
        }
        return PercentEncoding.pathSegment(value)
    }

    private static func query(_ items: [(String, String)]) -> String {
        items.isEmpty ? "" : "?" + PercentEncoding.query(items)
    }

    private static func jsonHeaders(contentType: String) -> [String: String] {
        ["Accept": "application/json", "Content-Type": contentType]
    }

    private static func encode(_ value: some Encodable, what: String) throws(KubernetesError) -> Data {
        do {
            return try makeEncoder().encode(value)
        } catch {
            throw .invalidRequest("cannot encode \(what): \(error)")
        }
    }
}
