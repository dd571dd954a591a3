import Foundation

/// A parsed `fieldSelector` query: `=`, `==` and `!=` terms joined by commas.
public struct FieldSelectorQuery: Sendable, Equatable {
    public enum Requirement: Sendable, Equatable {
        case equals(String, String)
        case notEquals(String, String)
    }

    public var requirements: [Requirement]

    public static let everything = FieldSelectorQuery(requirements: [])

    public init(requirements: [Requirement]) {
        self.requirements = requirements
    }

    public init(parsing text: String) throws(APIError) {
        var requirements: [Requirement] = []
        for raw in text.split(separator: ",") {
            let term = raw.trimmingCharacters(in: .whitespaces)
            if term.isEmpty { continue }
            if let range = term.range(of: "!=") {
                requirements.append(.notEquals(String(term[..<range.lowerBound]), String(term[range.upperBound...])))
            } else if let range = term.range(of: "==") ?? term.range(of: "=") {
                requirements.append(.equals(String(term[..<range.lowerBound]), String(term[range.upperBound...])))
            } else {
                throw .badRequest("invalid selector: '\(text)'; can't understand '\(term)'")
            }
        }
        self.requirements = requirements
    }

    /// Field names the selector reads, to check against what the resource supports.
    public var fieldNames: [String] {
        requirements.map { requirement in
            switch requirement {
            case .equals(let field, _), .notEquals(let field, _): field
            }
        }
    }

    public func matches(_ fields: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let field, let value): (fields[field] ?? "") == value
            case .notEquals(let field, let value): (fields[field] ?? "") != value
            }
        }
    }

    /// Rejects fields the resource does not index, with the real server's wording.
    func validate(for resource: ResourceType) throws(APIError) {
        for field in fieldNames where field != "metadata.name" && field != "metadata.namespace"
            && resource.selectableFields[field] == nil {
            throw .badRequest("field label not supported: \(field)")
        }
    }
}
