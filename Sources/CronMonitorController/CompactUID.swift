/// A UID as the API server makes them (a lower-case RFC 4122 UUID) kept in 16 bytes, without a
/// heap allocation; any other string is kept as it is. Reads give back exactly the string given.
struct CompactUID: Sendable, Hashable {
    private enum Storage: Sendable, Hashable {
        case uuid(UInt64, UInt64)
        case text(String)
    }

    private let storage: Storage

    init(_ string: String) {
        storage = Self.parse(string).map { .uuid($0.0, $0.1) } ?? .text(string)
    }

    var string: String {
        switch storage {
        case .text(let text):
            return text
        case .uuid(let high, let low):
            let hex = Self.hex(high, digits: 16) + Self.hex(low, digits: 16)
            var text = ""
            text.reserveCapacity(36)
            for (offset, character) in hex.enumerated() {
                if [8, 12, 16, 20].contains(offset) { text.append("-") }
                text.append(character)
            }
            return text
        }
    }

    /// The two halves of `8-4-4-4-12` lower-case hex digits; nil for anything else.
    private static func parse(_ string: String) -> (UInt64, UInt64)? {
        let utf8 = Array(string.utf8)
        guard utf8.count == 36 else { return nil }
        var digits: [UInt64] = []
        digits.reserveCapacity(32)
        for (offset, byte) in utf8.enumerated() {
            if [8, 13, 18, 23].contains(offset) {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(UInt64(byte - UInt8(ascii: "0")))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digits.append(UInt64(byte - UInt8(ascii: "a") + 10))
            default: return nil
            }
        }
        let high = digits[0..<16].reduce(UInt64(0)) { $0 << 4 | $1 }
        let low = digits[16..<32].reduce(UInt64(0)) { $0 << 4 | $1 }
        return (high, low)
    }

    private static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: digits - text.count) + text
    }
}
