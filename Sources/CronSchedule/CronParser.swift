/// robfig/cron v3's standard parser, as Kubernetes uses it for `CronJob.spec.schedule`, with
/// Kubernetes' own validation on top (no `TZ` in the expression).
enum CronParser {
    static func parse(_ text: String) throws(CronParseError) -> CronExpression {
        guard !text.isEmpty else { throw .emptyExpression }
        guard !text.contains("TZ") else { throw .timeZoneInExpression(text) }
        if text.hasPrefix("@") {
            return try descriptor(text)
        }
        let fields = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        guard fields.count == 5 else { throw .wrongFieldCount(found: fields.count, expression: text) }
        return .fields(CronSpec(
            minute: try field(fields[0], .minute),
            hour: try field(fields[1], .hour),
            dayOfMonth: try field(fields[2], .dayOfMonth),
            month: try field(fields[3], .month),
            dayOfWeek: try field(fields[4], .dayOfWeek)))
    }

    /// Descriptors are matched exactly (case-sensitive, no surrounding spaces), as robfig does.
    static func descriptor(_ text: String) throws(CronParseError) -> CronExpression {
        let zero = CronFieldValues.only(0)
        let firstDay = CronFieldValues.only(1)
        let firstMonth = CronFieldValues.only(1)
        let every = CronFieldValues.all
        switch text {
        case "@yearly", "@annually":
            return .fields(CronSpec(minute: zero, hour: zero, dayOfMonth: firstDay, month: firstMonth,
                                    dayOfWeek: every(.dayOfWeek)))
        case "@monthly":
            return .fields(CronSpec(minute: zero, hour: zero, dayOfMonth: firstDay, month: every(.month),
                                    dayOfWeek: every(.dayOfWeek)))
        case "@weekly":
            return .fields(CronSpec(minute: zero, hour: zero, dayOfMonth: every(.dayOfMonth),
                                    month: every(.month), dayOfWeek: zero))
        case "@daily", "@midnight":
            return .fields(CronSpec(minute: zero, hour: zero, dayOfMonth: every(.dayOfMonth),
                                    month: every(.month), dayOfWeek: every(.dayOfWeek)))
        case "@hourly":
            return .fields(CronSpec(minute: zero, hour: every(.hour), dayOfMonth: every(.dayOfMonth),
                                    month: every(.month), dayOfWeek: every(.dayOfWeek)))
        default:
            break
        }
        let prefix = "@every "
        guard text.hasPrefix(prefix) else { throw .unknownDescriptor(text) }
        let durationText = String(text.dropFirst(prefix.count))
        switch GoDuration.nanoseconds(durationText) {
        case .failure(let problem):
            throw .invalidDuration(durationText, problem: problem)
        case .success(let nanoseconds):
            // Intervals under a second become one second; the rest is truncated to seconds.
            return .every(seconds: max(1, nanoseconds / 1_000_000_000))
        }
    }

    /// A comma-separated list of items; empty items are skipped (`1,,2` is `1,2`; `,` matches nothing).
    static func field(_ text: String, _ field: CronField) throws(CronParseError) -> CronFieldValues {
        var result = CronFieldValues(bits: 0, isStarred: false)
        for item in text.split(separator: ",", omittingEmptySubsequences: true) {
            let values = try self.item(String(item), field)
            result.bits |= values.bits
            result.isStarred = result.isStarred || values.isStarred
        }
        return result
    }

    /// `*`, `?`, `n`, `a-b`, each optionally followed by `/step`; `n/step` means `n-max/step`.
    static func item(_ text: String, _ field: CronField) throws(CronParseError) -> CronFieldValues {
        func fail(_ problem: CronParseError.FieldProblem) -> CronParseError {
            .invalidField(field, token: text, problem: problem)
        }
        let rangeAndStep = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let lowAndHigh = (rangeAndStep.first ?? "").split(separator: "-", omittingEmptySubsequences: false)
            .map(String.init)
        let low = lowAndHigh.first ?? ""
        var start: Int
        var end: Int
        var starred = false
        if low == "*" || low == "?" {
            // Whatever follows a leading star before the slash is ignored, as robfig does.
            start = field.minimum
            end = field.maximum
            starred = true
        } else {
            start = try number(low, field, token: text)
            switch lowAndHigh.count {
            case 1: end = start
            case 2: end = try number(lowAndHigh[1], field, token: text)
            default: throw fail(.tooManyHyphens)
            }
        }
        var step = 1
        switch rangeAndStep.count {
        case 1:
            break
        case 2:
            step = try integer(rangeAndStep[1], field, token: text)
            if lowAndHigh.count == 1 { end = field.maximum }
            if step > 1 { starred = false }
        default:
            throw fail(.tooManySlashes)
        }
        guard start >= field.minimum else { throw fail(.belowMinimum(value: start, minimum: field.minimum)) }
        guard end <= field.maximum else { throw fail(.aboveMaximum(value: end, maximum: field.maximum)) }
        guard start <= end else { throw fail(.reversedRange(start: start, end: end)) }
        guard step > 0 else { throw fail(.zeroStep) }
        return CronFieldValues(bits: CronFieldValues.range(start, end, step: step), isStarred: starred)
    }

    /// A name of the field (case-insensitive) or a non-negative integer.
    static func number(_ text: String, _ field: CronField, token: String) throws(CronParseError) -> Int {
        if let named = field.value(named: text) { return named }
        return try integer(text, field, token: token)
    }

    /// Go's `strconv.Atoi` (optional sign, ASCII digits), then rejecting negatives.
    static func integer(_ text: String, _ field: CronField, token: String) throws(CronParseError) -> Int {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let magnitude = Int(digits) else {
            throw .invalidField(field, token: token, problem: .notANumber(text))
        }
        guard !negative || magnitude == 0 else {
            throw .invalidField(field, token: token, problem: .negativeNumber(text))
        }
        return magnitude
    }
}
