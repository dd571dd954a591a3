/// Why a schedule (expression plus time zone) was rejected. Each case names what was wrong
/// precisely enough for a condition message or a one-line CLI error.
public enum CronParseError: Error, Sendable, Equatable, Hashable {
    /// The expression is empty.
    case emptyExpression
    /// The expression contains `TZ` (`TZ=` / `CRON_TZ=` prefixes): Kubernetes rejects these and
    /// wants the zone in `spec.timeZone` instead.
    case timeZoneInExpression(String)
    /// Not exactly five whitespace-separated fields.
    case wrongFieldCount(found: Int, expression: String)
    /// An `@` word that is not one of the descriptors.
    case unknownDescriptor(String)
    /// `@every <duration>` whose duration is not Go duration syntax.
    case invalidDuration(String, problem: DurationProblem)
    /// One item of one field is wrong.
    case invalidField(CronField, token: String, problem: FieldProblem)
    /// The time zone is not an IANA zone name the system knows (or is `Local`, or empty).
    case unknownTimeZone(String)

    /// What is wrong with one item of a field.
    public enum FieldProblem: Sendable, Equatable, Hashable {
        /// The text is neither a number nor a name this field knows.
        case notANumber(String)
        /// A number below zero.
        case negativeNumber(String)
        /// A value below the field's minimum.
        case belowMinimum(value: Int, minimum: Int)
        /// A value above the field's maximum.
        case aboveMaximum(value: Int, maximum: Int)
        /// `a-b` with `a > b` (ranges do not wrap around).
        case reversedRange(start: Int, end: Int)
        /// A step of zero.
        case zeroStep
        /// More than one `-` in an item.
        case tooManyHyphens
        /// More than one `/` in an item.
        case tooManySlashes
    }

    /// What is wrong with an `@every` duration.
    public enum DurationProblem: Error, Sendable, Equatable, Hashable {
        case empty
        case missingUnit
        case unknownUnit(String)
        case malformedNumber
        case overflow
    }
}

extension CronParseError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .emptyExpression:
            return "schedule is empty"
        case .timeZoneInExpression(let expression):
            return "schedule \"\(expression)\" contains TZ or CRON_TZ; set the time zone separately (spec.timeZone)"
        case .wrongFieldCount(let found, let expression):
            return "schedule \"\(expression)\" has \(found) field\(found == 1 ? "" : "s"); expected exactly 5 "
                + "(minute hour day-of-month month day-of-week) or a descriptor such as @daily"
        case .unknownDescriptor(let text):
            return "unknown descriptor \"\(text)\"; expected @yearly, @annually, @monthly, @weekly, @daily, "
                + "@midnight, @hourly or @every <duration>"
        case .invalidDuration(let text, let problem):
            return "invalid @every duration \"\(text)\": \(problem.description)"
        case .invalidField(let field, let token, let problem):
            return "\(field.displayName) field \"\(token)\": \(problem.explanation(for: field))"
        case .unknownTimeZone(let name):
            return "unknown time zone \"\(name)\"; expected an IANA name such as Europe/Berlin or UTC"
        }
    }
}

extension CronParseError.FieldProblem {
    func explanation(for field: CronField) -> String {
        switch self {
        case .notANumber(let text):
            let names = field.names.isEmpty ? "" : " or a name (\(field.names.first ?? "")...\(field.names.last ?? ""))"
            return "\"\(text)\" is not a number\(names)"
        case .negativeNumber(let text):
            return "negative number \(text) is not allowed"
        case .belowMinimum(let value, let minimum):
            return "\(value) is below the minimum \(minimum)"
        case .aboveMaximum(let value, let maximum):
            if field == .dayOfWeek && value == 7 {
                return "7 is above the maximum 6 (Sunday is 0; 7 is not accepted)"
            }
            return "\(value) is above the maximum \(maximum)"
        case .reversedRange(let start, let end):
            return "range start \(start) is after its end \(end) (ranges do not wrap)"
        case .zeroStep:
            return "step must be a positive number"
        case .tooManyHyphens:
            return "too many '-' (a range is low-high)"
        case .tooManySlashes:
            return "too many '/' (a step is range/step)"
        }
    }
}

extension CronParseError.DurationProblem: CustomStringConvertible {
    public var description: String {
        switch self {
        case .empty: "empty duration"
        case .missingUnit: "missing unit (use ns, us, ms, s, m or h, e.g. 1h30m)"
        case .unknownUnit(let unit): "unknown unit \"\(unit)\" (use ns, us, ms, s, m or h)"
        case .malformedNumber: "malformed number"
        case .overflow: "duration too large"
        }
    }
}
