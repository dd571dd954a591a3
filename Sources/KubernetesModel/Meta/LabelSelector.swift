/// `metav1.LabelSelector`: `matchLabels` and `matchExpressions`, all of which must hold.
/// An empty selector matches every object (as the API server treats a present, empty selector).
public struct LabelSelector: Sendable, Codable, Equatable {
    public var matchLabels: [String: String]?
    public var matchExpressions: [LabelSelectorRequirement]?

    public init(matchLabels: [String: String]? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }
}

/// One set-based requirement of a `LabelSelector`.
public struct LabelSelectorRequirement: Sendable, Codable, Equatable {
    public var key: String
    public var `operator`: LabelSelectorOperator
    /// Non-empty for `In`/`NotIn`, empty for `Exists`/`DoesNotExist`.
    public var values: [String]?

    public init(key: String, operator selectorOperator: LabelSelectorOperator, values: [String]? = nil) {
        self.key = key
        self.operator = selectorOperator
        self.values = values
    }

    public static func `in`(_ key: String, _ values: [String]) -> Self { Self(key: key, operator: .in, values: values) }
    public static func notIn(_ key: String, _ values: [String]) -> Self { Self(key: key, operator: .notIn, values: values) }
    public static func exists(_ key: String) -> Self { Self(key: key, operator: .exists) }
    public static func doesNotExist(_ key: String) -> Self { Self(key: key, operator: .doesNotExist) }
}

/// The operator of a `LabelSelectorRequirement`. An operator this project does not know decodes as
/// `.unrecognized` (so that reading an object never fails on it) and makes the selector invalid.
public enum LabelSelectorOperator: Sendable, Equatable, Hashable {
    case `in`
    case notIn
    case exists
    case doesNotExist
    case unrecognized(String)

    public init(rawValue: String) {
        switch rawValue {
        case "In": self = .in
        case "NotIn": self = .notIn
        case "Exists": self = .exists
        case "DoesNotExist": self = .doesNotExist
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .in: "In"
        case .notIn: "NotIn"
        case .exists: "Exists"
        case .doesNotExist: "DoesNotExist"
        case .unrecognized(let value): value
        }
    }
}

extension LabelSelectorOperator: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Why a `LabelSelector` cannot be evaluated or rendered as a query.
public struct LabelSelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "invalid label selector: \(message)" }
}
