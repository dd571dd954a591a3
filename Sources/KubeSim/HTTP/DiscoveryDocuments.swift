import KubernetesModel

/// The discovery documents of the served resources, in the plain (`/api`, `/apis`,
/// APIResourceList) and aggregated (`APIGroupDiscoveryList`) forms.
struct DiscoveryDocuments: Sendable {
    var resources: [ResourceType]
    var serverAddress: String

    /// Group names in discovery order (first appearance), excluding the core group.
    private var groups: [String] {
        var seen: [String] = []
        for resource in resources where !resource.group.isEmpty && !seen.contains(resource.group) {
            seen.append(resource.group)
        }
        return seen
    }

    private func versions(of group: String) -> [String] {
        var seen: [String] = []
        for resource in resources where resource.group == group && !seen.contains(resource.version) {
            seen.append(resource.version)
        }
        return seen
    }

    var coreVersions: JSONValue {
        .object([
            "kind": .string("APIVersions"),
            "versions": .array([.string("v1")]),
            "serverAddressByClientCIDRs": .array([.object([
                "clientCIDR": .string("0.0.0.0/0"), "serverAddress": .string(serverAddress),
            ])]),
        ])
    }

    var groupList: JSONValue {
        .object(["kind": .string("APIGroupList"), "apiVersion": .string("v1"), "groups": .array(groups.map(groupEntry))])
    }

    func group(_ name: String) -> JSONValue? {
        guard groups.contains(name) else { return nil }
        var entry = groupEntry(name)
        entry.set("kind", .string("APIGroup"))
        entry.set("apiVersion", .string("v1"))
        return entry
    }

    private func groupEntry(_ name: String) -> JSONValue {
        let versionEntries = versions(of: name).map { version -> JSONValue in
            .object(["groupVersion": .string("\(name)/\(version)"), "version": .string(version)])
        }
        return .object([
            "name": .string(name), "versions": .array(versionEntries),
            "preferredVersion": versionEntries.first ?? .null,
        ])
    }

    func resourceList(group: String, version: String) -> JSONValue? {
        let served = resources.filter { $0.group == group && $0.version == version }
        guard !served.isEmpty else { return nil }
        var entries: [JSONValue] = []
        for resource in served {
            var entry: [String: JSONValue] = [
                "name": .string(resource.plural), "singularName": .string(resource.singular),
                "namespaced": .bool(resource.namespaced), "kind": .string(resource.kind),
                "verbs": .array(resource.verbs.map(JSONValue.string)),
            ]
            if !resource.shortNames.isEmpty { entry["shortNames"] = .array(resource.shortNames.map(JSONValue.string)) }
            if !resource.categories.isEmpty { entry["categories"] = .array(resource.categories.map(JSONValue.string)) }
            entries.append(.object(entry))
            if resource.hasStatusSubresource {
                entries.append(.object([
                    "name": .string("\(resource.plural)/status"), "singularName": .string(""),
                    "namespaced": .bool(resource.namespaced), "kind": .string(resource.kind),
                    "verbs": .array(["get", "patch", "update"].map(JSONValue.string)),
                ]))
            }
        }
        return .object([
            "kind": .string("APIResourceList"), "apiVersion": .string("v1"),
            "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"), "resources": .array(entries),
        ])
    }

    /// The aggregated form for `/api` (core group only) or `/apis` (every other group).
    func aggregated(core: Bool, apiVersion: String) -> JSONValue {
        let names = core ? [""] : groups
        let items = names.map { name -> JSONValue in
            let versionEntries = versions(of: name).map { version -> JSONValue in
                let served = resources.filter { $0.group == name && $0.version == version }
                return .object([
                    "version": .string(version), "freshness": .string("Current"),
                    "resources": .array(served.map(aggregatedResource)),
                ])
            }
            var metadata: [String: JSONValue] = ["creationTimestamp": .null]
            if !name.isEmpty { metadata["name"] = .string(name) }
            return .object(["metadata": .object(metadata), "versions": .array(versionEntries)])
        }
        return .object([
            "kind": .string("APIGroupDiscoveryList"), "apiVersion": .string(apiVersion),
            "metadata": .object([:]), "items": .array(items),
        ])
    }

    private func aggregatedResource(_ resource: ResourceType) -> JSONValue {
        let responseKind: JSONValue = .object([
            "group": .string(resource.group), "version": .string(resource.version), "kind": .string(resource.kind),
        ])
        var entry: [String: JSONValue] = [
            "resource": .string(resource.plural), "responseKind": responseKind,
            "scope": .string(resource.namespaced ? "Namespaced" : "Cluster"),
            "singularResource": .string(resource.singular),
            "verbs": .array(resource.verbs.map(JSONValue.string)),
        ]
        if !resource.shortNames.isEmpty { entry["shortNames"] = .array(resource.shortNames.map(JSONValue.string)) }
        if !resource.categories.isEmpty { entry["categories"] = .array(resource.categories.map(JSONValue.string)) }
        if resource.hasStatusSubresource {
            entry["subresources"] = .array([.object([
                "subresource": .string("status"), "responseKind": responseKind,
                "verbs": .array(["get", "patch", "update"].map(JSONValue.string)),
            ])])
        }
        return .object(entry)
    }
}
