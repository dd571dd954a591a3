import KubernetesModel

/// A value in a configuration document with the path that leads to it, so that every decoding
/// error can say which file and which field is wrong.
struct ConfigNode {
    let value: JSONValue
    /// `users[name=alice].user`; `""` for the document root.
    let path: String
    let file: String

    func fieldPath(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    func error(_ key: String, _ problem: ClusterConfigurationError.Problem) -> ClusterConfigurationError {
        ClusterConfigurationError(source: file, field: fieldPath(key), problem: problem)
    }

    /// The member `key`, `nil` when absent or `null`.
    func member(_ key: String) -> JSONValue? {
        switch value[key] {
        case .none, .some(.null): return nil
        case .some(let member): return member
        }
    }

    func string(_ key: String) throws(ClusterConfigurationError) -> String? {
        guard let member = member(key) else { return nil }
        guard case .string(let text) = member else {
            throw error(key, .wrongType(expected: "a string", found: member.kindName))
        }
        return text
    }

    func requiredString(_ key: String) throws(ClusterConfigurationError) -> String {
        guard let text = try string(key), !text.isEmpty else { throw error(key, .missing) }
        return text
    }

    func bool(_ key: String) throws(ClusterConfigurationError) -> Bool? {
        guard let member = member(key) else { return nil }
        guard case .bool(let flag) = member else {
            throw error(key, .wrongType(expected: "a boolean", found: member.kindName))
        }
        return flag
    }

    func object(_ key: String) throws(ClusterConfigurationError) -> ConfigNode? {
        guard let member = member(key) else { return nil }
        guard case .object = member else {
            throw error(key, .wrongType(expected: "a mapping", found: member.kindName))
        }
        return ConfigNode(value: member, path: fieldPath(key), file: file)
    }

    func requiredObject(_ key: String) throws(ClusterConfigurationError) -> ConfigNode {
        guard let node = try object(key) else { throw error(key, .missing) }
        return node
    }

    /// The elements of the sequence `key`, each with the path `key[index]`.
    func array(_ key: String) throws(ClusterConfigurationError) -> [ConfigNode] {
        guard let member = member(key) else { return [] }
        guard case .array(let elements) = member else {
            throw error(key, .wrongType(expected: "a sequence", found: member.kindName))
        }
        return elements.enumerated().map { index, element in
            ConfigNode(value: element, path: "\(fieldPath(key))[\(index)]", file: file)
        }
    }

    func strings(_ key: String) throws(ClusterConfigurationError) -> [String] {
        var result: [String] = []
        for element in try array(key) {
            guard case .string(let text) = element.value else {
                throw ClusterConfigurationError(
                    source: file, field: element.path,
                    problem: .wrongType(expected: "a string", found: element.value.kindName)
                )
            }
            result.append(text)
        }
        return result
    }

    /// The same value under another path (a named list entry: `users[name=alice]`).
    func renamed(_ newPath: String) -> ConfigNode {
        ConfigNode(value: value, path: newPath, file: file)
    }

    func requireObject() throws(ClusterConfigurationError) {
        guard case .object = value else {
            throw ClusterConfigurationError(
                source: file, field: path, problem: .wrongType(expected: "a mapping", found: value.kindName)
            )
        }
    }
}

extension JSONValue {
    /// How the value is described in error messages.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .array: "a sequence"
        case .object: "a mapping"
        }
    }
}
