import KubernetesModel

/// The metadata checks every kind shares on the real server (name, labels).
enum ObjectValidation {
    static func validateMetadata(_ object: JSONValue, resource: ResourceType) throws(APIError) {
        let name = object.metadataString("name") ?? ""
        var causes: [APIError.Cause] = []
        for (key, value) in object["metadata"]?["labels"]?.objectValue ?? [:] {
            if !isQualifiedName(key) {
                causes.append(.init(reason: "FieldValueInvalid",
                                    message: "Invalid value: \"\(key)\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                                    field: "metadata.labels"))
            }
            guard let text = value.stringValue, isLabelValue(text) else {
                causes.append(.init(reason: "FieldValueInvalid",
                                    message: "Invalid value: \"\(value.stringValue ?? "")\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                                    field: "metadata.labels"))
                continue
            }
        }
        guard causes.isEmpty else { throw .invalid(resource, name: name, causes: causes) }
    }

    /// `[prefix/]name`: prefix a DNS subdomain, name at most 63 characters.
    static func isQualifiedName(_ key: String) -> Bool {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            return isNamePart(parts[0])
        case 2:
            let prefix = parts[0]
            let prefixValid = !prefix.isEmpty && prefix.count <= 253
                && prefix.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "." }
            return prefixValid && isNamePart(parts[1])
        default:
            return false
        }
    }

    static func isLabelValue(_ value: String) -> Bool {
        value.isEmpty || isNamePart(Substring(value))
    }

    private static func isNamePart(_ part: Substring) -> Bool {
        guard !part.isEmpty, part.count <= 63, let first = part.first, let last = part.last else { return false }
        let alphanumeric = { (character: Character) in character.isASCII && (character.isLetter || character.isNumber) }
        return alphanumeric(first) && alphanumeric(last)
            && part.allSatisfy { alphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }
}
