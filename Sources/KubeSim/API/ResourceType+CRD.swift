import KubernetesModel

/// Reading the served resources out of a CustomResourceDefinition.
extension ResourceType {
    /// The resource types a CRD serves, one per served version; throws `Invalid` when the CRD
    /// lacks what the real server requires (group, names, scope, at least one version).
    static func fromCustomResourceDefinition(_ crd: JSONValue) throws(APIError) -> [ResourceType] {
        let name = crd["metadata"]?["name"]?.stringValue ?? ""
        var causes: [APIError.Cause] = []
        let spec = crd["spec"] ?? .object([:])
        let group = spec["group"]?.stringValue ?? ""
        let names = spec["names"] ?? .object([:])
        let plural = names["plural"]?.stringValue ?? ""
        let kind = names["kind"]?.stringValue ?? ""
        let scope = spec["scope"]?.stringValue ?? ""
        let versions = spec["versions"]?.arrayValue ?? []
        if group.isEmpty { causes.append(.init(reason: "FieldValueRequired", message: "Required value", field: "spec.group")) }
        if plural.isEmpty { causes.append(.init(reason: "FieldValueRequired", message: "Required value", field: "spec.names.plural")) }
        if kind.isEmpty { causes.append(.init(reason: "FieldValueRequired", message: "Required value", field: "spec.names.kind")) }
        if scope != "Namespaced" && scope != "Cluster" {
            causes.append(.init(reason: "FieldValueNotSupported", message: "Unsupported value: \"\(scope)\": supported values: \"Cluster\", \"Namespaced\"", field: "spec.scope"))
        }
        if versions.isEmpty { causes.append(.init(reason: "FieldValueRequired", message: "must have exactly one version marked as storage version", field: "spec.versions")) }
        if !plural.isEmpty, !group.isEmpty, name != "\(plural).\(group)" {
            causes.append(.init(reason: "FieldValueInvalid", message: "Invalid value: \"\(name)\": must be spec.names.plural+\".\"+spec.group", field: "metadata.name"))
        }
        guard causes.isEmpty else {
            throw .invalid(.customResourceDefinitions, name: name, causes: causes)
        }
        let singular = names["singular"]?.stringValue ?? kind.lowercased()
        let shortNames = (names["shortNames"]?.arrayValue ?? []).compactMap(\.stringValue)
        let categories = (names["categories"]?.arrayValue ?? []).compactMap(\.stringValue)
        var served: [ResourceType] = []
        var refusals: [APIError.Cause] = []
        for (position, version) in versions.enumerated() {
            guard let versionName = version["name"]?.stringValue, version["served"]?.boolValue ?? true else { continue }
            let columns = (version["additionalPrinterColumns"]?.arrayValue ?? []).compactMap(PrinterColumn.init(definition:))
            var selectable: [String: [String]] = [:]
            for field in version["selectableFields"]?.arrayValue ?? [] {
                if let path = field["jsonPath"]?.stringValue {
                    let components = JSONPathLite.components(of: path)
                    selectable[components.joined(separator: ".")] = components
                }
            }
            let openAPISchema = version["schema"]?["openAPIV3Schema"]
            var schema: CustomResourceSchema?
            do {
                schema = try openAPISchema.map { (value) throws(CustomResourceSchema.Refusal) in
                    try CustomResourceSchema(schema: value, field: "spec.versions[\(position)].schema.openAPIV3Schema")
                }
            } catch {
                refusals += error.causes
            }
            served.append(ResourceType(
                group: group, version: versionName, kind: kind, plural: plural, singular: singular,
                namespaced: scope == "Namespaced", shortNames: shortNames, categories: categories,
                hasStatusSubresource: version["subresources"]?["status"] != nil, tracksGeneration: true,
                acceptsStrategicMergePatch: false, selectableFields: selectable, printerColumns: columns,
                defaults: StructuralDefaults(schema: openAPISchema), schema: schema))
        }
        guard refusals.isEmpty else { throw .invalid(.customResourceDefinitions, name: name, causes: refusals) }
        return served
    }
}

extension PrinterColumn {
    init?(definition: JSONValue) {
        guard let name = definition["name"]?.stringValue, let jsonPath = definition["jsonPath"]?.stringValue else { return nil }
        self.init(
            name: name, type: definition["type"]?.stringValue ?? "string",
            format: definition["format"]?.stringValue ?? "",
            description: definition["description"]?.stringValue ?? "",
            priority: Int(definition["priority"]?.intValue ?? 0), jsonPath: jsonPath)
    }
}
