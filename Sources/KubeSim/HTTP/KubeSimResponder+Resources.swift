import Foundation
import HTTPTypes
import Hummingbird
import KubernetesModel
import NIOCore

/// The resource verbs: get, list, watch, create, update, patch, delete, deletecollection.
extension KubeSimResponder {
    static let tableContentType = "application/json;as=Table;v=v1;g=meta.k8s.io"

    func handleResource(_ path: ResourcePath, request: inout Request) async throws -> Response {
        guard let resource = store.resourceType(group: path.group, version: path.version, plural: path.plural),
              path.namespace == nil || resource.namespaced else {
            throw APIError.resourceNotFound(path: request.uri.path)
        }
        let query = QueryParameters(query: request.uri.query)
        if let dryRun = query["dryRun"], !dryRun.isEmpty {
            throw APIError.badRequest("dryRun is not supported by KubeSim")
        }
        let subresource: ObjectStore.Subresource
        switch path.subresource {
        case nil: subresource = .main
        case "status" where resource.hasStatusSubresource: subresource = .status
        case .some: throw APIError.resourceNotFound(path: request.uri.path)
        }
        let table = tableRenderer(resource, accept: request.headers[.accept] ?? "", query: query)
        switch (request.method, path.name) {
        case (.get, nil) where query.flag("watch"):
            return try watchResponse(resource, namespace: path.namespace, query: query, fieldName: nil, table: table)
        case (.get, .some(let name)) where query.flag("watch"):
            return try watchResponse(resource, namespace: path.namespace, query: query, fieldName: name, table: table)
        case (.get, nil):
            return try listResponse(resource, namespace: path.namespace, query: query, table: table)
        case (.get, .some(let name)):
            let object = try store.get(resource, namespace: path.namespace, name: name)
            return objectResponse(object, table: table)
        case (.post, nil):
            let (body, duplicates) = try await jsonBodyWithDuplicates(&request, checking: resource)
            let written = try store.create(resource, namespace: path.namespace, object: body,
                                           fieldValidation: try Self.fieldValidation(query), duplicateFields: duplicates)
            return Self.writtenResponse(written, status: .created)
        case (.put, .some(let name)):
            let (body, duplicates) = try await jsonBodyWithDuplicates(&request, checking: resource)
            return Self.writtenResponse(try store.update(resource, namespace: path.namespace, name: name, object: body,
                                                         subresource: subresource, fieldValidation: try Self.fieldValidation(query),
                                                         duplicateFields: duplicates))
        case (.patch, .some(let name)):
            let contentType = Self.mediaType(request.headers[.contentType])
            guard let type = ObjectStore.PatchType(rawValue: contentType) else {
                throw APIError.unsupportedMediaType(contentType, accepted: ObjectStore.PatchType.allCases.map(\.rawValue))
            }
            let body = try await request.collectBody(upTo: settings.maxBodySize)
            let patched = try store.patch(resource, namespace: path.namespace, name: name, type: type,
                                          body: Array(body.readableBytesView), subresource: subresource,
                                          fieldValidation: try Self.fieldValidation(query))
            return Self.writtenResponse(patched)
        case (.delete, .some(let name)):
            let options = try await deleteOptions(&request, query: query)
            return deleteResponse(try store.delete(resource, namespace: path.namespace, name: name, options: options), resource: resource)
        case (.delete, nil):
            let options = try await deleteOptions(&request, query: query)
            return try deleteCollection(resource, namespace: path.namespace, query: query, options: options)
        default:
            throw APIError.methodNotAllowed(request.method.rawValue)
        }
    }

    /// The `fieldValidation` query parameter; absent or empty means Warn, as on the real server.
    static func fieldValidation(_ query: QueryParameters) throws(APIError) -> ObjectStore.FieldValidation {
        guard let text = query["fieldValidation"], !text.isEmpty else { return .warn }
        guard let mode = ObjectStore.FieldValidation(rawValue: text) else {
            throw .badRequest("fieldValidation: Unsupported value: \(JSONText.quoted(text)): supported values: "
                + ObjectStore.FieldValidation.allCases.map { JSONText.quoted($0.rawValue) }.joined(separator: ", "))
        }
        return mode
    }

    /// A written object, with one `Warning: 299 - "…"` header per warning.
    static func writtenResponse(_ written: ObjectStore.Written, status: HTTPResponse.Status = .ok) -> Response {
        var response = jsonResponse(written.object, status: status)
        guard let warningName = HTTPField.Name("Warning") else { return response }
        for warning in written.warnings {
            response.headers.append(HTTPField(name: warningName, value: "299 - \(JSONText.quoted(warning))"))
        }
        return response
    }

    private func tableRenderer(_ resource: ResourceType, accept: String, query: QueryParameters) -> TableRenderer? {
        let wantsTable = accept.split(separator: ",").first.map { $0.contains("as=Table") } ?? false
        guard wantsTable else { return nil }
        let include = query["includeObject"].flatMap(TableRenderer.IncludeObject.init(rawValue:)) ?? .metadata
        return TableRenderer(resource: resource, now: now(), includeObject: include)
    }

    private func objectResponse(_ object: JSONValue, table: TableRenderer?) -> Response {
        guard let table else { return Self.jsonResponse(object) }
        let version = Int64(object.metadataString("resourceVersion") ?? "") ?? 0
        return Self.jsonResponse(table.table([object], resourceVersion: version, continueToken: nil), contentType: Self.tableContentType)
    }

    private func listOptions(_ query: QueryParameters) throws(APIError) -> ObjectStore.ListOptions {
        var match: ObjectStore.ResourceVersionMatch?
        if let text = query["resourceVersionMatch"], !text.isEmpty {
            guard let parsed = ObjectStore.ResourceVersionMatch(rawValue: text) else {
                throw .badRequest("resourceVersionMatch: Unsupported value: \"\(text)\": supported values: \"Exact\", \"NotOlderThan\"")
            }
            match = parsed
        }
        let version = try query.integer("resourceVersion")
        if match != nil, version == nil || version == 0, match == .exact {
            throw .badRequest("resourceVersionMatch \"Exact\" is forbidden for resourceVersion \"0\" or unset")
        }
        return ObjectStore.ListOptions(
            labelSelector: try LabelSelectorQuery(parsing: query["labelSelector"] ?? ""),
            fieldSelector: try FieldSelectorQuery(parsing: query["fieldSelector"] ?? ""),
            limit: try query.integer("limit").map { Int($0) },
            continueToken: query["continue"].flatMap { $0.isEmpty ? nil : $0 },
            resourceVersion: version, resourceVersionMatch: match)
    }

    private func listResponse(_ resource: ResourceType, namespace: String?, query: QueryParameters, table: TableRenderer?) throws -> Response {
        let page = try store.list(resource, namespace: namespace, options: try listOptions(query))
        if let table {
            let objects = try page.items.map { (bytes) throws(APIError) -> JSONValue in try JSONCoding.decode(bytes) }
            return Self.jsonResponse(table.table(objects, resourceVersion: page.resourceVersion, continueToken: page.continueToken),
                                     contentType: Self.tableContentType)
        }
        var metadata = "\"resourceVersion\":\"\(page.resourceVersion)\""
        if let token = page.continueToken { metadata = "\"continue\":\"\(token)\"," + metadata }
        if let remaining = page.remainingItemCount { metadata += ",\"remainingItemCount\":\(remaining)" }
        var bytes = Array("{\"apiVersion\":\"\(resource.apiVersion)\",\"items\":[".utf8)
        bytes.reserveCapacity(page.items.reduce(256) { $0 + $1.count + 1 })
        for (index, item) in page.items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: item)
        }
        bytes.append(contentsOf: Array("],\"kind\":\"\(resource.kind)List\",\"metadata\":{\(metadata)}}".utf8))
        return Self.rawResponse(bytes)
    }

    func jsonBody(_ request: inout Request) async throws -> JSONValue {
        try await jsonBodyWithDuplicates(&request, checking: nil).body
    }

    /// The JSON body and, for a custom resource (one with a schema), the members it names twice.
    private func jsonBodyWithDuplicates(_ request: inout Request, checking resource: ResourceType?) async throws
        -> (body: JSONValue, duplicates: [String]) {
        let contentType = Self.mediaType(request.headers[.contentType])
        guard contentType == "application/json" || contentType.isEmpty else {
            throw APIError.unsupportedMediaType(contentType, accepted: ["application/json"])
        }
        let body = try await request.collectBody(upTo: settings.maxBodySize)
        let value = try JSONCoding.decode(body.readableBytesView)
        guard resource?.schema != nil else { return (value, []) }
        return (value, DuplicateFieldScanner.duplicates(in: Array(body.readableBytesView)))
    }

    static func mediaType(_ header: String?) -> String {
        (header ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }
}
