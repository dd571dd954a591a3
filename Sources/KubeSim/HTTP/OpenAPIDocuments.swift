import KubernetesModel

/// A minimal OpenAPI v3 publication: the root index of group-versions and, per group-version,
/// the PATCH operations with their `x-kubernetes-group-version-kind` and the `fieldValidation`
/// parameter. That is what kubectl reads to decide that the server validates fields, so it
/// skips client-side schema validation. No schemas are published (`kubectl explain` has nothing).
struct OpenAPIDocuments: Sendable {
    var resources: [ResourceType]

    /// `api/v1`, `apis/batch/v1`, …
    private static func groupVersionPath(_ resource: ResourceType) -> String {
        resource.group.isEmpty ? "api/\(resource.version)" : "apis/\(resource.group)/\(resource.version)"
    }

    var root: JSONValue {
        var paths: [String: JSONValue] = [:]
        for resource in resources {
            let path = Self.groupVersionPath(resource)
            paths[path] = .object(["serverRelativeURL": .string("/openapi/v3/\(path)")])
        }
        return .object(["paths": .object(paths)])
    }

    func groupVersion(_ path: String) -> JSONValue? {
        let served = resources.filter { Self.groupVersionPath($0) == path }
        guard !served.isEmpty else { return nil }
        var paths: [String: JSONValue] = [:]
        for resource in served {
            let collection = resource.namespaced
                ? "/\(path)/namespaces/{namespace}/\(resource.plural)" : "/\(path)/\(resource.plural)"
            let kind: JSONValue = .object([
                "group": .string(resource.group), "version": .string(resource.version), "kind": .string(resource.kind),
            ])
            paths["\(collection)/{name}"] = .object([
                "patch": .object([
                    "x-kubernetes-group-version-kind": kind,
                    "x-kubernetes-action": .string("patch"),
                    "parameters": .array(["dryRun", "fieldManager", "fieldValidation", "force"].map { name in
                        .object(["name": .string(name), "in": .string("query"), "schema": .object(["type": .string("string")])])
                    }),
                    "responses": .object(["200": .object(["description": .string("OK")])]),
                ]),
            ])
        }
        return .object([
            "openapi": .string("3.0.0"),
            "info": .object(["title": .string("Kubernetes"), "version": .string("v1.30.4")]),
            "paths": .object(paths),
            "components": .object(["schemas": .object([:])]),
        ])
    }
}
