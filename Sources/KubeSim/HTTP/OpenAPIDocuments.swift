import KubernetesModel

/// A minimal OpenAPI v3 publication: the root index of group-versions and, per group-version,
/// the PATCH operations with their `x-kubernetes-group-version-kind` and the `fieldValidation`
/// parameter (what kubectl reads to decide that the server validates fields, so it skips
/// client-side schema validation), and each custom resource's schema under the name the real
/// server gives it (`io.cronmonitor.v1alpha1.CronMonitor`), which `kubectl explain` reads.
/// Built-in kinds publish no schema.
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
        var schemas: [String: JSONValue] = [:]
        for resource in served {
            if let schema = resource.schema {
                schemas[Self.schemaName(resource)] = Self.published(schema.schema, resource: resource)
            }
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
            "components": .object(["schemas": .object(schemas)]),
        ])
    }

    /// `io.cronmonitor.v1alpha1.CronMonitor`: the group reversed, the version and the kind.
    static func schemaName(_ resource: ResourceType) -> String {
        (resource.group.split(separator: ".").reversed().map(String.init) + [resource.version, resource.kind]).joined(separator: ".")
    }

    /// A CRD version's schema as the server publishes it: with its group-version-kind, and
    /// `metadata` described as the standard object metadata.
    private static func published(_ schema: JSONValue, resource: ResourceType) -> JSONValue {
        var published = schema
        published.set("x-kubernetes-group-version-kind", .array([.object([
            "group": .string(resource.group), "version": .string(resource.version), "kind": .string(resource.kind),
        ])]))
        if var properties = schema["properties"], properties["metadata"] != nil {
            properties.set("metadata", .object([
                "type": .string("object"),
                "description": .string("Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
            ]))
            published.set("properties", properties)
        }
        return published
    }
}
