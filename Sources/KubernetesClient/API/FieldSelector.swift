/// A `fieldSelector` query: terms like `metadata.name=backup` or `status.phase!=Running`, all of
/// which must hold. Values are escaped as the API server expects (`\`, `,` and `=`).
public struct FieldSelector: Sendable, Equatable {
    public enum Operator: String, Sendable, Equatable {
        case equals = "="
        case notEquals = "!="
    }

    public struct Term: Sendable, Equatable {
        public var field: String
        public var `operator`: Operator
        public var value: String

        public init(field: String, operator fieldOperator: Operator, value: String) {
            self.field = field
            self.operator = fieldOperator
            self.value = value
        }
    }

    public var terms: [Term]

    public init(_ terms: [Term] = []) {
        self.terms = terms
    }

    public static func equals(_ field: String, _ value: String) -> FieldSelector {
        FieldSelector([Term(field: field, operator: .equals, value: value)])
    }

    public static func notEquals(_ field: String, _ value: String) -> FieldSelector {
        FieldSelector([Term(field: field, operator: .notEquals, value: value)])
    }

    /// This selector and one more term.
    public func and(_ field: String, _ fieldOperator: Operator = .equals, _ value: String) -> FieldSelector {
        FieldSelector(terms + [Term(field: field, operator: fieldOperator, value: value)])
    }

    /// The query form, terms in the order given: `metadata.name=a,status.phase!=Running`.
    public var queryString: String {
        terms.map { "\($0.field)\($0.operator.rawValue)\(Self.escape($0.value))" }.joined(separator: ",")
    }

    static func escape(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\", ",", "=": escaped += "\\\(character)"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
