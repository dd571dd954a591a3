import KubernetesModel

/// A parsed CEL expression of the subset KubeSim evaluates in a CRD's `x-kubernetes-validations`:
/// `self` and `oldSelf` with field selection and indexing, `has()`, `size()` (as a function and as
/// a method), `!`, unary `-`, `&&`, `||`, `==`, `!=`, `<`, `<=`, `>`, `>=`, `in`, `+`, `-`,
/// parentheses, list literals and integer, string, boolean and null literals. Anything else is a
/// parse error, so a rule KubeSim cannot evaluate is refused rather than ignored.
indirect enum CELExpression: Sendable, Equatable {
    case literal(JSONValue)
    case identifier(String)
    case list([CELExpression])
    case select(CELExpression, field: String)
    case index(CELExpression, CELExpression)
    /// `has(e.f)`: whether the object `e` has the field `f`.
    case has(CELExpression, field: String)
    case size(CELExpression)
    case not(CELExpression)
    case negate(CELExpression)
    case binary(CELOperator, CELExpression, CELExpression)

    /// Whether the expression reads `oldSelf` (a transition rule, evaluated on updates only).
    var readsOldSelf: Bool {
        switch self {
        case .literal: false
        case .identifier(let name): name == "oldSelf"
        case .list(let elements): elements.contains(where: \.readsOldSelf)
        case .select(let base, _), .has(let base, _), .size(let base), .not(let base), .negate(let base): base.readsOldSelf
        case .index(let base, let key), .binary(_, let base, let key): base.readsOldSelf || key.readsOldSelf
        }
    }
}

enum CELOperator: String, Sendable, Equatable {
    case or = "||", and = "&&"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", within = "in"
    case plus = "+", minus = "-"
}

/// Why a rule cannot be parsed by KubeSim's CEL subset.
struct CELParseError: Error, Sendable, Equatable, CustomStringConvertible {
    var description: String
}

/// A recursive-descent parser of the CEL subset, one precedence level per function.
struct CELParser {
    private var tokens: [CELToken]
    private var position = 0

    static func parse(_ source: String) throws(CELParseError) -> CELExpression {
        var parser = CELParser(tokens: try CELLexer.tokens(of: source))
        let expression = try parser.parseOr()
        guard parser.position == parser.tokens.count else {
            throw CELParseError(description: "unexpected \(parser.tokens[parser.position]) after a complete expression")
        }
        return expression
    }

    private init(tokens: [CELToken]) {
        self.tokens = tokens
    }

    private var next: CELToken? { position < tokens.count ? tokens[position] : nil }

    private mutating func accept(_ token: CELToken) -> Bool {
        guard next == token else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ token: CELToken) throws(CELParseError) {
        guard accept(token) else { throw CELParseError(description: "expected \(token), found \(next.map { "\($0)" } ?? "the end")") }
    }

    private mutating func parseOr() throws(CELParseError) -> CELExpression {
        var left = try parseAnd()
        while accept(.symbol("||")) { left = .binary(.or, left, try parseAnd()) }
        if next == .symbol("?") { throw CELParseError(description: "the conditional operator ?: is not supported") }
        return left
    }

    private mutating func parseAnd() throws(CELParseError) -> CELExpression {
        var left = try parseRelation()
        while accept(.symbol("&&")) { left = .binary(.and, left, try parseRelation()) }
        return left
    }

    private mutating func parseRelation() throws(CELParseError) -> CELExpression {
        var left = try parseAddition()
        while case .symbol(let text)? = next, let relation = CELOperator(rawValue: text),
              [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(relation) {
            position += 1
            left = .binary(relation, left, try parseAddition())
        }
        while accept(.identifier("in")) { left = .binary(.within, left, try parseAddition()) }
        return left
    }

    private mutating func parseAddition() throws(CELParseError) -> CELExpression {
        var left = try parseUnary()
        while true {
            if accept(.symbol("+")) {
                left = .binary(.plus, left, try parseUnary())
            } else if accept(.symbol("-")) {
                left = .binary(.minus, left, try parseUnary())
            } else {
                return left
            }
        }
    }

    private mutating func parseUnary() throws(CELParseError) -> CELExpression {
        if accept(.symbol("!")) { return .not(try parseUnary()) }
        if accept(.symbol("-")) { return .negate(try parseUnary()) }
        return try parseMember()
    }

    private mutating func parseMember() throws(CELParseError) -> CELExpression {
        var expression = try parsePrimary()
        while true {
            if accept(.symbol(".")) {
                guard case .identifier(let field)? = next else { throw CELParseError(description: "expected a field name after '.'") }
                position += 1
                if accept(.symbol("(")) {
                    guard field == "size" else { throw CELParseError(description: "the method \(field)() is not supported") }
                    try expect(.symbol(")"))
                    expression = .size(expression)
                } else {
                    expression = .select(expression, field: field)
                }
            } else if accept(.symbol("[")) {
                expression = .index(expression, try parseOr())
                try expect(.symbol("]"))
            } else {
                return expression
            }
        }
    }

    private mutating func parsePrimary() throws(CELParseError) -> CELExpression {
        guard let token = next else { throw CELParseError(description: "unexpected end of expression") }
        position += 1
        switch token {
        case .integer(let value): return .literal(.int(value))
        case .string(let value): return .literal(.string(value))
        case .identifier("true"): return .literal(.bool(true))
        case .identifier("false"): return .literal(.bool(false))
        case .identifier("null"): return .literal(.null)
        case .identifier("has"):
            try expect(.symbol("("))
            guard case .select(let base, let field) = try parseOr() else {
                throw CELParseError(description: "has() takes a field selection such as self.field")
            }
            try expect(.symbol(")"))
            return .has(base, field: field)
        case .identifier("size"):
            try expect(.symbol("("))
            let argument = try parseOr()
            try expect(.symbol(")"))
            return .size(argument)
        case .identifier(let name) where name == "self" || name == "oldSelf":
            return .identifier(name)
        case .identifier(let name):
            if next == .symbol("(") { throw CELParseError(description: "the function \(name)() is not supported") }
            throw CELParseError(description: "undeclared reference to '\(name)'")
        case .symbol("("):
            let inner = try parseOr()
            try expect(.symbol(")"))
            return inner
        case .symbol("["):
            var elements: [CELExpression] = []
            if !accept(.symbol("]")) {
                repeat { elements.append(try parseOr()) } while accept(.symbol(","))
                try expect(.symbol("]"))
            }
            return .list(elements)
        case .symbol(let text):
            throw CELParseError(description: "unexpected '\(text)'")
        }
    }
}

enum CELToken: Sendable, Equatable, CustomStringConvertible {
    case identifier(String)
    case integer(Int64)
    case string(String)
    case symbol(String)

    var description: String {
        switch self {
        case .identifier(let name): "'\(name)'"
        case .integer(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .symbol(let text): "'\(text)'"
        }
    }
}

/// Splits a CEL source into tokens; floating-point, unsigned, bytes and raw literals are refused.
enum CELLexer {
    private static let symbols = ["||", "&&", "==", "!=", "<=", ">=", "<", ">", "!", "(", ")", "[", "]", ".", ",", "+", "-", "?", ":"]

    static func tokens(of source: String) throws(CELParseError) -> [CELToken] {
        let characters = Array(source)
        var tokens: [CELToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character.isLetter || character == "_" {
                var end = index
                while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" { end += 1 }
                tokens.append(.identifier(String(characters[index..<end])))
                index = end
            } else if character.isASCII, character.isNumber {
                var end = index
                while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
                if end < characters.count, [".", "u", "U", "e", "E", "x"].contains(characters[end]) {
                    throw CELParseError(description: "only decimal integer literals are supported")
                }
                guard let value = Int64(String(characters[index..<end])) else {
                    throw CELParseError(description: "integer literal out of range")
                }
                tokens.append(.integer(value))
                index = end
            } else if character == "\"" || character == "'" {
                let (text, end) = try string(characters, from: index)
                tokens.append(.string(text))
                index = end
            } else if let symbol = symbols.first(where: { matches($0, characters, at: index) }) {
                tokens.append(.symbol(symbol))
                index += symbol.count
            } else {
                throw CELParseError(description: "unexpected character '\(character)'")
            }
        }
        return tokens
    }

    private static func matches(_ symbol: String, _ characters: [Character], at index: Int) -> Bool {
        let symbolCharacters = Array(symbol)
        guard index + symbolCharacters.count <= characters.count else { return false }
        return Array(characters[index..<(index + symbolCharacters.count)]) == symbolCharacters
    }

    /// A quoted string with the simple escapes (`\\`, `\"`, `\'`, `\n`, `\t`); triple quotes are refused.
    private static func string(_ characters: [Character], from start: Int) throws(CELParseError) -> (String, Int) {
        let quote = characters[start]
        if start + 2 < characters.count, characters[start + 1] == quote, characters[start + 2] == quote {
            throw CELParseError(description: "triple-quoted strings are not supported")
        }
        var text = ""
        var index = start + 1
        while index < characters.count {
            let character = characters[index]
            if character == quote { return (text, index + 1) }
            if character == "\\" {
                guard index + 1 < characters.count else { break }
                switch characters[index + 1] {
                case "\\": text.append("\\")
                case "\"": text.append("\"")
                case "'": text.append("'")
                case "n": text.append("\n")
                case "t": text.append("\t")
                default: throw CELParseError(description: "the escape \\\(characters[index + 1]) is not supported")
                }
                index += 2
            } else {
                text.append(character)
                index += 1
            }
        }
        throw CELParseError(description: "unterminated string literal")
    }
}
