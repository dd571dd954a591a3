/// RFC 3339 timestamps as the Kubernetes API writes them, parsed and formatted by hand: the
/// decoders run for every watch event, and Foundation's formatters are slow and not Sendable.
enum RFC3339 {
    /// A parsed timestamp: whole seconds since the Unix epoch (UTC) and the fraction in
    /// nanoseconds (always `0..<1_000_000_000`).
    struct Instant: Equatable {
        var seconds: Int64
        var nanoseconds: Int64
    }

    /// Why a string is not an RFC 3339 timestamp.
    struct ParseError: Error, Equatable, CustomStringConvertible {
        var text: String
        var reason: String
        var description: String { "'\(text)' is not an RFC 3339 timestamp: \(reason)" }
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `t` and `z` are accepted in lower case.
    static func parse(_ text: String) throws(ParseError) -> Instant {
        try parse(utf8: ArraySlice(text.utf8))
    }

    /// Parses the UTF-8 bytes of a timestamp (as `parse(_:)`), without making a `String` of them.
    static func parse(utf8 bytes: ArraySlice<UInt8>) throws(ParseError) -> Instant {
        let start = bytes.startIndex
        var cursor = start

        func fail(_ reason: String) -> ParseError {
            ParseError(text: String(decoding: bytes, as: UTF8.self), reason: reason)
        }

        func digits(_ count: Int) throws(ParseError) -> Int64 {
            guard cursor + count <= bytes.endIndex else { throw fail("ends early") }
            var value: Int64 = 0
            for _ in 0..<count {
                let byte = bytes[cursor]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                    throw fail("expected a digit at offset \(cursor - start)")
                }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
                cursor += 1
            }
            return value
        }

        func expect(_ accepted: UInt8, or alternative: UInt8? = nil, _ what: String) throws(ParseError) {
            guard cursor < bytes.endIndex, bytes[cursor] == accepted || bytes[cursor] == alternative else {
                throw fail("expected \(what) at offset \(cursor - start)")
            }
            cursor += 1
        }

        let year = try digits(4)
        try expect(UInt8(ascii: "-"), "'-'")
        let month = try digits(2)
        try expect(UInt8(ascii: "-"), "'-'")
        let day = try digits(2)
        try expect(UInt8(ascii: "T"), or: UInt8(ascii: "t"), "'T'")
        let hour = try digits(2)
        try expect(UInt8(ascii: ":"), "':'")
        let minute = try digits(2)
        try expect(UInt8(ascii: ":"), "':'")
        let second = try digits(2)

        guard (1...12).contains(month) else { throw fail("month \(month) out of range") }
        guard (1...daysInMonth(year: year, month: month)).contains(day) else {
            throw fail("day \(day) out of range")
        }
        guard hour < 24, minute < 60, second < 61 else { throw fail("time of day out of range") }

        var nanoseconds: Int64 = 0
        if cursor < bytes.endIndex, bytes[cursor] == UInt8(ascii: ".") {
            cursor += 1
            var scale: Int64 = 100_000_000
            var count = 0
            while cursor < bytes.endIndex, bytes[cursor] >= UInt8(ascii: "0"), bytes[cursor] <= UInt8(ascii: "9") {
                nanoseconds += Int64(bytes[cursor] - UInt8(ascii: "0")) * scale
                scale /= 10
                count += 1
                cursor += 1
            }
            guard count > 0 else { throw fail("empty fraction of a second") }
        }

        var offsetSeconds: Int64 = 0
        guard cursor < bytes.endIndex else { throw fail("missing time zone offset") }
        switch bytes[cursor] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            cursor += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Int64 = bytes[cursor] == UInt8(ascii: "-") ? -1 : 1
            cursor += 1
            let offsetHours = try digits(2)
            try expect(UInt8(ascii: ":"), "':'")
            let offsetMinutes = try digits(2)
            guard offsetHours < 24, offsetMinutes < 60 else { throw fail("offset out of range") }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        default:
            throw fail("expected 'Z' or an offset at offset \(cursor - start)")
        }
        guard cursor == bytes.endIndex else { throw fail("unexpected text after the offset") }

        let days = daysFromCivil(year: year, month: month, day: day)
        // A leap second (:60) folds onto the next second, as Go's parser does not accept it at all
        // and the API server never writes one.
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Instant(seconds: seconds, nanoseconds: nanoseconds)
    }

    /// Formats in UTC with `fractionDigits` digits of fraction (0 for none): `2006-01-02T15:04:05Z`.
    /// Returns `nil` for a year outside 0...9999, which RFC 3339 cannot express.
    static func format(seconds: Int64, nanoseconds: Int64, fractionDigits: Int) -> String? {
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilFromDays(days)
        guard (0...9999).contains(year) else { return nil }
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
        text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fractionDigits > 0 {
            var divisor: Int64 = 1
            for _ in fractionDigits..<9 { divisor *= 10 }
            text += "." + pad(nanoseconds / divisor, fractionDigits)
        }
        return text + "Z"
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor < 0) ? quotient - 1 : quotient
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func isLeapYear(_ year: Int64) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
