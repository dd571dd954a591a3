import KubernetesModel

/// Why evaluating a rule failed at run time (the real server reports these as the rule's error).
struct CELEvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    var description: String
}

/// Evaluates a `CELExpression` over JSON values: objects are CEL maps, arrays lists, integers
/// `int`, other numbers `double`. Selecting an absent field is the error `no such key`, as in CEL.
struct CELEvaluator {
    var variables: [String: JSONValue]

    func evaluate(_ expression: CELExpression) throws(CELEvaluationError) -> JSONValue {
        switch expression {
        case .literal(let value):
            return value
        case .identifier(let name):
            guard let value = variables[name] else { throw CELEvaluationError(description: "undeclared reference to '\(name)'") }
            return value
        case .list(let elements):
            var values: [JSONValue] = []
            for element in elements { values.append(try evaluate(element)) }
            return .array(values)
        case .select(let base, let field):
            guard case .object(let members) = try evaluate(base) else {
                throw CELEvaluationError(description: "no such overload: field selection of '\(field)' on a non-object")
            }
            guard let value = members[field] else { throw CELEvaluationError(description: "no such key: \(field)") }
            return value
        case .index(let base, let key):
            return try index(try evaluate(base), try evaluate(key))
        case .has(let base, let field):
            guard case .object(let members) = try evaluate(base) else {
                throw CELEvaluationError(description: "no such overload: has() of '\(field)' on a non-object")
            }
            return .bool(members[field] != nil)
        case .size(let argument):
            switch try evaluate(argument) {
            case .string(let text): return .int(Int64(text.unicodeScalars.count))
            case .array(let elements): return .int(Int64(elements.count))
            case .object(let members): return .int(Int64(members.count))
            case .null, .bool, .int, .double: throw CELEvaluationError(description: "no such overload: size")
            }
        case .not(let operand):
            return .bool(!(try boolean(try evaluate(operand), "!")))
        case .negate(let operand):
            switch try evaluate(operand) {
            case .int(let value) where value != Int64.min: return .int(-value)
            case .double(let value): return .double(-value)
            case .null, .bool, .int, .string, .array, .object: throw CELEvaluationError(description: "no such overload: -_")
            }
        case .binary(let operation, let left, let right):
            return try binary(operation, left, right)
        }
    }

    private func binary(_ operation: CELOperator, _ left: CELExpression, _ right: CELExpression) throws(CELEvaluationError) -> JSONValue {
        switch operation {
        case .or, .and:
            // CEL's logical operators are commutative over errors: a decisive side wins.
            let decisive = operation == .or
            let leftResult = Result { () throws(CELEvaluationError) in try boolean(try evaluate(left), operation.rawValue) }
            if case .success(decisive) = leftResult { return .bool(decisive) }
            let rightValue = try boolean(try evaluate(right), operation.rawValue)
            if rightValue == decisive { return .bool(decisive) }
            return .bool(try leftResult.get())
        case .equal:
            return .bool(Self.equal(try evaluate(left), try evaluate(right)))
        case .notEqual:
            return .bool(!Self.equal(try evaluate(left), try evaluate(right)))
        case .less:
            return .bool(try compare(left, right, operation) < 0)
        case .lessOrEqual:
            return .bool(try compare(left, right, operation) <= 0)
        case .greater:
            return .bool(try compare(left, right, operation) > 0)
        case .greaterOrEqual:
            return .bool(try compare(left, right, operation) >= 0)
        case .within:
            let element = try evaluate(left)
            switch try evaluate(right) {
            case .array(let elements): return .bool(elements.contains { Self.equal($0, element) })
            case .object(let members):
                guard case .string(let key) = element else { return .bool(false) }
                return .bool(members[key] != nil)
            case .null, .bool, .int, .double, .string: throw CELEvaluationError(description: "no such overload: in")
            }
        case .plus, .minus:
            return try arithmetic(operation, try evaluate(left), try evaluate(right))
        }
    }

    private func arithmetic(_ operation: CELOperator, _ left: JSONValue, _ right: JSONValue) throws(CELEvaluationError) -> JSONValue {
        switch (left, right, operation) {
        case (.int(let a), .int(let b), .plus):
            let (sum, overflow) = a.addingReportingOverflow(b)
            guard !overflow else { throw CELEvaluationError(description: "integer overflow") }
            return .int(sum)
        case (.int(let a), .int(let b), .minus):
            let (difference, overflow) = a.subtractingReportingOverflow(b)
            guard !overflow else { throw CELEvaluationError(description: "integer overflow") }
            return .int(difference)
        case (.string(let a), .string(let b), .plus): return .string(a + b)
        case (.array(let a), .array(let b), .plus): return .array(a + b)
        default: throw CELEvaluationError(description: "no such overload: _\(operation.rawValue)_")
        }
    }

    private func index(_ base: JSONValue, _ key: JSONValue) throws(CELEvaluationError) -> JSONValue {
        switch (base, key) {
        case (.array(let elements), .int(let position)):
            guard position >= 0, position < elements.count else {
                throw CELEvaluationError(description: "index out of bounds: \(position)")
            }
            return elements[Int(position)]
        case (.object(let members), .string(let name)):
            guard let value = members[name] else { throw CELEvaluationError(description: "no such key: \(name)") }
            return value
        default:
            throw CELEvaluationError(description: "no such overload: _[_]")
        }
    }

    private func boolean(_ value: JSONValue, _ operation: String) throws(CELEvaluationError) -> Bool {
        guard case .bool(let flag) = value else { throw CELEvaluationError(description: "no such overload: \(operation) on a non-bool") }
        return flag
    }

    /// The order of two operands of a comparison: negative, zero or positive.
    private func compare(_ leftOperand: CELExpression, _ rightOperand: CELExpression,
                         _ operation: CELOperator) throws(CELEvaluationError) -> Int {
        let left = try evaluate(leftOperand)
        let right = try evaluate(rightOperand)
        switch (left, right) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.bool(let a), .bool(let b)): return a == b ? 0 : (a ? 1 : -1)
        default:
            guard let a = left.numberValue, let b = right.numberValue else {
                throw CELEvaluationError(description: "no such overload: _\(operation.rawValue)_")
            }
            return a < b ? -1 : (a == b ? 0 : 1)
        }
    }

    /// CEL equality: numbers compare by value across int and double; otherwise structural.
    static func equal(_ left: JSONValue, _ right: JSONValue) -> Bool {
        if let a = left.numberValue, let b = right.numberValue { return a == b }
        return left == right
    }
}
