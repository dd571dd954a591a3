/// Serving and retiring the resources a CRD defines.
extension StoreState {
    /// Serves `types` for CRD `name`, replacing what it served before. A plural already served
    /// by something else in the same group/version is a conflict.
    mutating func serve(_ types: [ResourceType], forDefinition name: String) throws(APIError) {
        let previous = crdResources[name] ?? []
        for type in types {
            let key = ServedKey(group: type.group, version: type.version, plural: type.plural)
            if let existing = served[key], !previous.contains(existing) {
                throw .conflict(.customResourceDefinitions, name: name,
                                why: "\(type.groupResource) in version \(type.version) is already served")
            }
        }
        for type in previous {
            served[ServedKey(group: type.group, version: type.version, plural: type.plural)] = nil
        }
        for type in types {
            served[ServedKey(group: type.group, version: type.version, plural: type.plural)] = type
        }
        crdResources[name] = types
    }

    /// Stops serving CRD `name`'s resources; returns them so their objects can be removed.
    mutating func retire(definition name: String) -> [ResourceType] {
        let types = crdResources[name] ?? []
        for type in types {
            served[ServedKey(group: type.group, version: type.version, plural: type.plural)] = nil
        }
        crdResources[name] = nil
        return types
    }
}
