import Foundation
import Hummingbird
import KubernetesModel
import NIOCore

/// Delete and deletecollection.
extension KubeSimResponder {
    func deleteOptions(_ request: inout Request, query: QueryParameters) async throws -> ObjectStore.DeleteOptions {
        var options = ObjectStore.DeleteOptions()
        let body = try await request.collectBody(upTo: settings.maxBodySize)
        if body.readableBytes > 0 {
            let document = try JSONCoding.decode(body.readableBytesView)
            options.preconditionUID = document["preconditions"]?["uid"]?.stringValue
            options.preconditionResourceVersion = document["preconditions"]?["resourceVersion"]?.stringValue
            if let policy = document["propagationPolicy"]?.stringValue {
                options.propagationPolicy = try Self.propagationPolicy(policy)
            } else if let orphan = document["orphanDependents"]?.boolValue {
                options.propagationPolicy = orphan ? .orphan : .background
            }
        }
        if let policy = query["propagationPolicy"], !policy.isEmpty {
            options.propagationPolicy = try Self.propagationPolicy(policy)
        }
        return options
    }

    private static func propagationPolicy(_ text: String) throws(APIError) -> ObjectStore.PropagationPolicy {
        guard let policy = ObjectStore.PropagationPolicy(rawValue: text) else {
            throw .badRequest("ObjectStore.DeleteOptions.propagationPolicy: Unsupported value: \"\(text)\": supported values: \"Foreground\", \"Background\", \"Orphan\"")
        }
        return policy
    }

    /// Built-in kinds answer a finished delete with a success Status, custom resources with the
    /// deleted object; a delete held by finalizers answers with the marked object.
    func deleteResponse(_ outcome: DeleteOutcome, resource: ResourceType) -> Response {
        switch outcome {
        case .pending(let object):
            return Self.jsonResponse(object)
        case .deleted(let object):
            if !resource.acceptsStrategicMergePatch { return Self.jsonResponse(object) }
            var details: [String: JSONValue] = [
                "name": .string(object.metadataString("name") ?? ""), "kind": .string(resource.plural),
                "uid": .string(object.metadataString("uid") ?? ""),
            ]
            if !resource.group.isEmpty { details["group"] = .string(resource.group) }
            return Self.jsonResponse(.object([
                "kind": .string("Status"), "apiVersion": .string("v1"), "metadata": .object([:]),
                "status": .string("Success"), "details": .object(details),
            ]))
        }
    }

    func deleteCollection(_ resource: ResourceType, namespace: String?, query: QueryParameters,
                          options: ObjectStore.DeleteOptions) throws -> Response {
        let listOptions = ObjectStore.ListOptions(
            labelSelector: try LabelSelectorQuery(parsing: query["labelSelector"] ?? ""),
            fieldSelector: try FieldSelectorQuery(parsing: query["fieldSelector"] ?? ""))
        let page = try store.list(resource, namespace: namespace, options: listOptions)
        var deleted: [JSONValue] = []
        for bytes in page.items {
            let object = try JSONCoding.decode(bytes)
            let name = object.metadataString("name") ?? ""
            let outcome: Result<DeleteOutcome, APIError> = Result { () throws(APIError) -> DeleteOutcome in
                try store.delete(resource, namespace: object.metadataString("namespace"), name: name, options: options)
            }
            switch outcome {
            case .success(.deleted(let last)), .success(.pending(let last)):
                deleted.append(last)
            case .failure(let error):
                if error.code != 404 { throw error }
            }
        }
        return Self.jsonResponse(.object([
            "kind": .string("\(resource.kind)List"), "apiVersion": .string(resource.apiVersion),
            "metadata": .object(["resourceVersion": .string(String(store.currentResourceVersion))]),
            "items": .array(deleted),
        ]))
    }
}
