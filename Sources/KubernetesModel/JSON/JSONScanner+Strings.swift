/// Strings: read (checked and unescaped), checked only, or skipped.
extension JSONScanner {
    /// A string value.
    public mutating func readString() throws(JSONScanError) -> String {
        String(decoding: try readStringBytes(), as: UTF8.self)
    }

    /// Checks a string value as `readString()` does, without making a `String` of it.
    public mutating func checkString() throws(JSONScanError) {
        _ = try readStringBytes()
    }

    /// A timestamp written as an RFC 3339 string (`metav1.Time`: the fraction is dropped).
    public mutating func readTime() throws(JSONScanError) -> Time {
        let text = try readStringBytes()
        do {
            return Time(secondsSinceEpoch: try RFC3339.parse(utf8: text).seconds)
        } catch {
            throw mismatch(error.description)
        }
    }

    /// Checks a string value and returns its UTF-8 bytes, unescaped: a slice of the input when
    /// it holds no escape, else a fresh buffer.
    mutating func readStringBytes() throws(JSONScanError) -> ArraySlice<UInt8> {
        guard try peekKind() == .string else { throw mismatch("a string expected") }
        let start = position + 1
        let (end, ascii) = runEnd(from: start)
        guard end < bytes.count else { throw malformed("the input ended inside a string") }
        if bytes[end] == UInt8(ascii: "\"") {
            position = end + 1
            let text = bytes[start..<end]
            if !ascii { try checkUTF8(text) }
            return text
        }
        guard bytes[end] == UInt8(ascii: "\\") else {
            position = end
            throw mismatch("a control character in a string")
        }
        return try readEscapedString(from: start, firstEscape: end)
    }

    /// A member's key: checked and unescaped, as `JSONDecoder` checks every key of an object it
    /// decodes.
    mutating func readKey() throws(JSONScanError) -> JSONKey {
        JSONKey(bytes: try readStringBytes())
    }

    /// Skips a string (at `position`, on its opening quote) as `JSONDecoder` skips the strings it
    /// does not decode: a backslash escapes the next byte, `\u` the next four (hex digits or not,
    /// but no quote among them), and raw control characters pass.
    mutating func skipString() throws(JSONScanError) {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw malformed("'\"' expected") }
        var index = position + 1
        while true {
            let (end, _) = runEnd(from: index)
            guard end < bytes.count else { throw malformed("the input ended inside a string") }
            switch bytes[end] {
            case UInt8(ascii: "\""):
                position = end + 1
                return
            case UInt8(ascii: "\\"):
                guard end + 1 < bytes.count else { throw malformed("the input ended inside a string") }
                if bytes[end + 1] == UInt8(ascii: "u") {
                    guard end + 6 <= bytes.count, !bytes[end + 2..<end + 6].contains(UInt8(ascii: "\"")) else {
                        position = end
                        throw malformed("'\\u' without four characters")
                    }
                    index = end + 6
                } else {
                    index = end + 2
                }
            default:
                index = end + 1
            }
        }
    }

    /// The offset of the first quote, backslash or control character from `start` (or the end
    /// of the input), and whether every byte before it is ASCII.
    private func runEnd(from start: Int) -> (Int, ascii: Bool) {
        bytes.withUnsafeBufferPointer { buffer in
            var index = start
            var high: UInt8 = 0
            while index < buffer.count {
                let byte = buffer[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                high |= byte
                index += 1
            }
            return (index, high < 0x80)
        }
    }

    private mutating func readEscapedString(from start: Int, firstEscape: Int) throws(JSONScanError) -> ArraySlice<UInt8> {
        var output: [UInt8] = []
        output.reserveCapacity(firstEscape - start + 16)
        var index = start
        var escape = firstEscape
        var ascii = true
        while true {
            output.append(contentsOf: bytes[index..<escape])
            position = escape
            guard escape < bytes.count else { throw malformed("the input ended inside a string") }
            switch bytes[escape] {
            case UInt8(ascii: "\""):
                position = escape + 1
                if !ascii || output.contains(where: { $0 >= 0x80 }) { try checkUTF8(output[...]) }
                return output[...]
            case UInt8(ascii: "\\"):
                guard escape + 1 < bytes.count else { throw malformed("the input ended inside a string") }
                let (scalar, next) = try escapedScalar(at: escape)
                if scalar.value >= 0x80 { ascii = false }
                UTF8.encode(scalar) { output.append($0) }
                index = next
            default:
                throw mismatch("a control character in a string")
            }
            (escape, _) = runEnd(from: index)
        }
    }

    /// The character of the escape at `index` (its backslash) and the offset after it; a
    /// surrogate pair is two `\u` escapes.
    private func escapedScalar(at index: Int) throws(JSONScanError) -> (Unicode.Scalar, Int) {
        switch bytes[index + 1] {
        case UInt8(ascii: "\""): return ("\"", index + 2)
        case UInt8(ascii: "\\"): return ("\\", index + 2)
        case UInt8(ascii: "/"): return ("/", index + 2)
        case UInt8(ascii: "b"): return ("\u{08}", index + 2)
        case UInt8(ascii: "f"): return ("\u{0C}", index + 2)
        case UInt8(ascii: "n"): return ("\n", index + 2)
        case UInt8(ascii: "r"): return ("\r", index + 2)
        case UInt8(ascii: "t"): return ("\t", index + 2)
        case UInt8(ascii: "u"):
            let unit = try hexUnit(at: index + 2)
            switch unit {
            case 0xD800..<0xDC00:
                guard index + 12 <= bytes.count, bytes[index + 6] == UInt8(ascii: "\\"),
                    bytes[index + 7] == UInt8(ascii: "u")
                else { throw mismatch("a high surrogate without its low surrogate") }
                let low = try hexUnit(at: index + 8)
                guard (0xDC00..<0xE000).contains(low) else { throw mismatch("a high surrogate without its low surrogate") }
                let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                return (Unicode.Scalar(value)!, index + 12)
            case 0xDC00..<0xE000:
                throw mismatch("a low surrogate without its high surrogate")
            default:
                return (Unicode.Scalar(unit)!, index + 6)
            }
        default:
            throw mismatch("an invalid escape in a string")
        }
    }

    private func hexUnit(at index: Int) throws(JSONScanError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw malformed("the input ended inside a '\\u' escape") }
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard let digit = hexValue(bytes[index + offset]) else { throw malformed("'\\u' without four hex digits") }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private func checkUTF8(_ text: ArraySlice<UInt8>) throws(JSONScanError) {
        guard String(validating: text, as: UTF8.self) != nil else { throw mismatch("a string that is not UTF-8") }
    }
}

/// The key of an object member, unescaped; compare it with a name (`key == "metadata"`, or a
/// `switch` over names).
public struct JSONKey {
    let bytes: ArraySlice<UInt8>

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public static func == (key: JSONKey, name: StaticString) -> Bool {
        name.withUTF8Buffer { expected in
            key.bytes.count == expected.count && key.bytes.elementsEqual(expected)
        }
    }

    public static func ~= (name: StaticString, key: JSONKey) -> Bool {
        key == name
    }
}

extension JSONScanner {
    /// A `[String: String]` object (labels, annotations). A repeated key is refused
    /// (`JSONDecoder` keeps the first).
    public mutating func readStringDictionary() throws(JSONScanError) -> [String: String] {
        var dictionary: [String: String] = [:]
        try beginObject()
        while let key = try nextKey() {
            let value = try readString()
            guard dictionary.updateValue(value, forKey: key.string) == nil else { throw mismatch("a repeated key") }
        }
        return dictionary
    }
}
