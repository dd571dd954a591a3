/// A forward-only reader over the bytes of one JSON document, for decoders that keep a few
/// fields of a large object: it iterates object members and array elements, reads the strings,
/// integers, booleans and timestamps asked for, and skips everything else without building it.
///
/// Every value it passes over is checked against the JSON grammar (RFC 8259), except where
/// Foundation's `JSONDecoder` is laxer: a trailing comma before `}` or `]` is accepted, and
/// skipped strings and numbers are checked only as `JSONDecoder` checks those it does not decode
/// (a string's end, not its escapes, control characters or UTF-8; a number's bytes, not their
/// order: see `skipString` and `skipNumber`). Strings it reads are checked as `JSONDecoder`
/// checks the strings it decodes (escapes, surrogate pairs, control characters, UTF-8). Nesting
/// deeper than 512 is refused, as by `JSONDecoder`.
public struct JSONScanner {
    /// The deepest nesting of objects and arrays accepted (the document's own object is 1).
    public static let maxDepth = 512

    let bytes: [UInt8]
    /// The offset of the next byte to read.
    public var position: Int
    var depth = 0
    /// Set by entering a container, cleared by its first `nextItem`: no `,` before the first item.
    var justEntered = false

    public init(_ bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    /// What comes next, after any whitespace.
    public enum Kind: Sendable, Equatable {
        case object, array, string, number, bool, null
    }

    // MARK: - Structure

    /// The kind of the next value (whitespace is skipped).
    public mutating func peekKind() throws(JSONScanError) -> Kind {
        skipWhitespace()
        guard position < bytes.count else { throw malformed("a value expected, the input ended") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw malformed("a value expected")
        }
    }

    /// Consumes a `null` and returns `true`, or leaves anything else unread and returns `false`.
    public mutating func skipNull() throws(JSONScanError) -> Bool {
        guard try peekKind() == .null else { return false }
        try literal("null")
        return true
    }

    /// Enters an object; then call `nextKey()` until it returns `nil`.
    public mutating func beginObject() throws(JSONScanError) {
        guard try peekKind() == .object else { throw mismatch("an object expected") }
        try enter()
    }

    /// The next member's key (its value comes next), or `nil` after the object's closing `}`.
    public mutating func nextKey() throws(JSONScanError) -> JSONKey? {
        guard try nextItem(closing: UInt8(ascii: "}")) else { return nil }
        let key = try readKey()
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw malformed("':' expected") }
        position += 1
        return key
    }

    /// Enters an array; then call `nextElement()` before each element until it returns `false`.
    public mutating func beginArray() throws(JSONScanError) {
        guard try peekKind() == .array else { throw mismatch("an array expected") }
        try enter()
    }

    /// `true` when an element follows (read it next), `false` after the closing `]`.
    public mutating func nextElement() throws(JSONScanError) -> Bool {
        try nextItem(closing: UInt8(ascii: "]"))
    }

    /// Checks that only whitespace follows the document's value.
    public mutating func finish() throws(JSONScanError) {
        skipWhitespace()
        guard position == bytes.count else { throw malformed("unexpected text after the document") }
    }

    /// Skips a UTF-8 byte order mark at the start of the document, as `JSONDecoder` does.
    public mutating func skipByteOrderMark() {
        if position == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// Skips one value of any kind, checking its syntax.
    public mutating func skipValue() throws(JSONScanError) {
        switch try peekKind() {
        case .object:
            try enter()
            while try nextItem(closing: UInt8(ascii: "}")) {
                try skipString()
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                    throw malformed("':' expected")
                }
                position += 1
                try skipValue()
            }
        case .array:
            try enter()
            while try nextItem(closing: UInt8(ascii: "]")) {
                try skipValue()
            }
        case .string:
            try skipString()
        case .number:
            skipNumber()
        case .bool:
            try literal(bytes[position] == UInt8(ascii: "t") ? "true" : "false")
        case .null:
            try literal("null")
        }
    }

    // MARK: - Scalars

    /// A boolean.
    public mutating func readBool() throws(JSONScanError) -> Bool {
        guard try peekKind() == .bool else { throw mismatch("a boolean expected") }
        let value = bytes[position] == UInt8(ascii: "t")
        try literal(value ? "true" : "false")
        return value
    }

    /// An integer, read as `JSONDecoder` reads an `Int64`: exactly when written as one (`12`),
    /// else as a `Double` that must be whole (`12.0`, `1.2e1`). A number written with a fraction
    /// or exponent at or beyond 2^53 in magnitude is refused (`JSONDecoder` reads it as a `Decimal`).
    public mutating func readInt64() throws(JSONScanError) -> Int64 {
        guard try peekKind() == .number else { throw mismatch("a number expected") }
        let start = position
        let (end, isInteger) = try numberEnd()
        if isInteger {
            var value: Int64 = 0
            let negative = bytes[start] == UInt8(ascii: "-")
            for index in (negative ? start + 1 : start)..<end {
                let digit = Int64(bytes[index] &- UInt8(ascii: "0"))
                let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (next, overflow2) =
                    negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
                guard !overflow1, !overflow2 else { throw mismatch("integer out of range") }
                value = next
            }
            return value
        }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        guard let double = Double(text), let value = Int64(exactly: double), abs(double) < 9_007_199_254_740_992 else {
            throw mismatch("'\(text)' is not a whole number this reader takes")
        }
        return value
    }

    // MARK: - Helpers

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }

    private mutating func enter() throws(JSONScanError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw malformed("nested deeper than \(Self.maxDepth)") }
        position += 1
        justEntered = true
    }

    /// Before the first member or element, and after each: a separating `,` (a trailing one
    /// before the closing byte is accepted) or the closing byte itself.
    private mutating func nextItem(closing: UInt8) throws(JSONScanError) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw malformed("the input ended inside a container") }
        if justEntered {
            justEntered = false
        } else {
            guard bytes[position] == UInt8(ascii: ",") || bytes[position] == closing else {
                throw malformed("',' or '\(Character(Unicode.Scalar(closing)))' expected")
            }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                skipWhitespace()
                guard position < bytes.count else { throw malformed("the input ended inside a container") }
            }
        }
        guard bytes[position] == closing else { return true }
        position += 1
        depth -= 1
        return false
    }

    mutating func literal(_ word: StaticString) throws(JSONScanError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw malformed("the input ended inside a literal") }
        let matches = word.withUTF8Buffer { expected in
            for offset in 0..<count where bytes[position + offset] != expected[offset] { return false }
            return true
        }
        guard matches else { throw malformed("invalid literal") }
        position += count
    }

    /// Skips the number at `position` as `JSONDecoder` skips the numbers it does not decode: its
    /// sign or first digit, then every byte a number may hold (digits, `.`, `e`, `E`, `+`, `-`),
    /// in any order.
    mutating func skipNumber() {
        position += 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
                UInt8(ascii: "+"), UInt8(ascii: "-"):
                position += 1
            default:
                return
            }
        }
    }

    /// The end of the number at `position` (checked against the JSON grammar), and whether it
    /// is a plain integer (no fraction, no exponent).
    mutating func numberEnd() throws(JSONScanError) -> (end: Int, isInteger: Bool) {
        var index = position
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(from start: Int) -> Int {
            var end = start
            while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") { end += 1 }
            return end
        }
        let integerEnd = digits(from: index)
        guard integerEnd > index else { throw malformed("a digit expected") }
        guard bytes[index] != UInt8(ascii: "0") || integerEnd == index + 1 else { throw malformed("a leading zero") }
        index = integerEnd
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            let fractionEnd = digits(from: index + 1)
            guard fractionEnd > index + 1 else { throw malformed("a digit expected after '.'") }
            index = fractionEnd
            isInteger = false
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponentEnd = digits(from: index)
            guard exponentEnd > index else { throw malformed("a digit expected in the exponent") }
            index = exponentEnd
            isInteger = false
        }
        position = index
        return (index, isInteger)
    }

    func malformed(_ message: String) -> JSONScanError {
        JSONScanError(kind: .malformed, offset: position, message: message)
    }

    func mismatch(_ message: String) -> JSONScanError {
        JSONScanError(kind: .mismatch, offset: position, message: message)
    }
}

/// Why a `JSONScanner` stopped: the bytes are not JSON (`malformed`), or they are but not of the
/// shape asked for (`mismatch`: a number where a string was expected, an invalid escape in a
/// string that is read, a required member missing, ...).
public struct JSONScanError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case malformed
        case mismatch
    }

    public var kind: Kind
    /// The byte offset where reading stopped.
    public var offset: Int
    public var message: String

    public init(kind: Kind, offset: Int, message: String) {
        self.kind = kind
        self.offset = offset
        self.message = message
    }

    public var description: String {
        "\(kind == .malformed ? "malformed JSON" : "unexpected JSON") at byte \(offset): \(message)"
    }
}
