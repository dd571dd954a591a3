import KubernetesModel

/// A scalar as written, before its type is resolved.
struct YAMLScalar: Equatable {
    var text: String
    /// The resolved tag (`tag:yaml.org,2002:str` for `!!str`), `nil` when none was written.
    var tag: String?
    /// Plain (unquoted, not a block scalar): only plain scalars are typed implicitly.
    var isPlain: Bool

    private static let tagPrefix = "tag:yaml.org,2002:"

    /// The typed value following the YAML 1.1 rules that kubeconfig readers (go-yaml) apply:
    /// null, booleans (`true`, `yes`, `on`, ...), integers (decimal, `0x`, `0o`, `0b`, legacy `0`
    /// octal, `_` separators), floats; everything else and everything quoted is a string.
    var value: JSONValue {
        switch tag {
        case .some(Self.tagPrefix + "str"), .some("!"):
            return .string(text)
        case .some(Self.tagPrefix + "null"):
            return .null
        case .some(Self.tagPrefix + "bool"):
            return Self.bool(text).map(JSONValue.bool) ?? .string(text)
        case .some(Self.tagPrefix + "int"):
            return Self.integer(text).map(JSONValue.int) ?? .string(text)
        case .some(Self.tagPrefix + "float"):
            return Self.float(text).map(JSONValue.double) ?? .string(text)
        case .some, .none:
            guard isPlain else { return .string(text) }
            return Self.resolvePlain(text)
        }
    }

    static func resolvePlain(_ text: String) -> JSONValue {
        if ["", "~", "null", "Null", "NULL"].contains(text) { return .null }
        if let bool = bool(text) { return .bool(bool) }
        if let int = integer(text) { return .int(int) }
        if let double = float(text) { return .double(double) }
        return .string(text)
    }

    static func bool(_ text: String) -> Bool? {
        switch text {
        case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return true
        case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return false
        default: return nil
        }
    }

    static func integer(_ text: String) -> Int64? {
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        guard let first = body.first, first.isASCII, first.isNumber else { return nil }
        let radix: Int
        if body.hasPrefix("0x") {
            radix = 16
            body = body.dropFirst(2)
        } else if body.hasPrefix("0o") {
            radix = 8
            body = body.dropFirst(2)
        } else if body.hasPrefix("0b") {
            radix = 2
            body = body.dropFirst(2)
        } else if body.count > 1, body.hasPrefix("0") {
            radix = 8
            body = body.dropFirst()
        } else {
            radix = 10
        }
        let digits = body.filter { $0 != "_" }
        guard !digits.isEmpty, let magnitude = UInt64(digits, radix: radix) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    static func float(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        let cleaned = text.filter { $0 != "_" }
        let allowed = cleaned.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }
        guard allowed, cleaned.contains(where: \.isNumber), let value = Double(cleaned) else { return nil }
        return value
    }
}
