/// Go's duration syntax (`time.ParseDuration`), used by `@every`: an optional sign, then one or
/// more decimal numbers each followed by a unit (`ns`, `us`, `µs`, `μs`, `ms`, `s`, `m`, `h`),
/// such as `1h30m`, `1.5h` or `300ms`. A bare `0` is allowed.
enum GoDuration {
    private static let nanosecondsPerUnit: [String: UInt64] = [
        "ns": 1,
        "us": 1_000,
        "\u{00B5}s": 1_000,
        "\u{03BC}s": 1_000,
        "ms": 1_000_000,
        "s": 1_000_000_000,
        "m": 60_000_000_000,
        "h": 3_600_000_000_000,
    ]

    private static let limit: UInt64 = 1 << 63

    /// Nanoseconds, or the problem.
    static func nanoseconds(_ text: String) -> Result<Int64, CronParseError.DurationProblem> {
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return .success(0) }
        if rest.isEmpty { return .failure(text.isEmpty ? .empty : .malformedNumber) }

        var total: UInt64 = 0
        while let first = rest.first {
            guard first == "." || first.isASCIIDigit else { return .failure(.malformedNumber) }
            let whole = leadingInteger(&rest)
            guard let integer = whole.value else { return .failure(.overflow) }
            var fraction: (value: UInt64, scale: Double, consumed: Bool) = (0, 1, false)
            if rest.first == "." {
                rest = rest.dropFirst()
                fraction = leadingFraction(&rest)
            }
            guard whole.consumed || fraction.consumed else { return .failure(.malformedNumber) }

            let unitText = rest.prefix { $0 != "." && !$0.isASCIIDigit }
            guard !unitText.isEmpty else { return .failure(.missingUnit) }
            rest = rest.dropFirst(unitText.count)
            guard let unit = nanosecondsPerUnit[String(unitText)] else {
                return .failure(.unknownUnit(String(unitText)))
            }
            guard integer <= limit / unit else { return .failure(.overflow) }
            var value = integer * unit
            if fraction.value > 0 {
                value += UInt64(Double(fraction.value) * (Double(unit) / fraction.scale))
                guard value <= limit else { return .failure(.overflow) }
            }
            total += value
            guard total <= limit else { return .failure(.overflow) }
        }
        if negative {
            return .success(total == limit ? Int64.min : -Int64(total))
        }
        guard total <= limit - 1 else { return .failure(.overflow) }
        return .success(Int64(total))
    }

    /// Leading decimal digits; `value` is nil on overflow.
    private static func leadingInteger(_ rest: inout Substring) -> (value: UInt64?, consumed: Bool) {
        var value: UInt64 = 0
        var consumed = false
        var overflowed = false
        while let digit = rest.first, digit.isASCIIDigit {
            consumed = true
            rest = rest.dropFirst()
            if overflowed { continue }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(digit.asciiValue ?? 48) - 48)
            if o1 || o2 || sum > limit { overflowed = true } else { value = sum }
        }
        return (overflowed ? nil : value, consumed)
    }

    /// Leading fraction digits; digits beyond what fits are consumed and ignored, as Go does.
    private static func leadingFraction(_ rest: inout Substring) -> (value: UInt64, scale: Double, consumed: Bool) {
        var value: UInt64 = 0
        var scale: Double = 1
        var consumed = false
        var overflowed = false
        while let digit = rest.first, digit.isASCIIDigit {
            consumed = true
            rest = rest.dropFirst()
            if overflowed { continue }
            if value > (limit - 1) / 10 { overflowed = true; continue }
            let next = value * 10 + UInt64(digit.asciiValue ?? 48) - 48
            if next > limit { overflowed = true; continue }
            value = next
            scale *= 10
        }
        return (value, scale, consumed)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) && isASCII }
}
