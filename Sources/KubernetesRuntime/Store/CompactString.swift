/// A string kept small when it is a UID as the API server makes them (a lower-case RFC 4122
/// UUID): then in 16 bytes, without a heap allocation, where a 36-character `String` costs a heap
/// buffer of 80 bytes. Any other string is kept as it is. Reads give back exactly the string
/// given, and two values are equal exactly when their strings are.
///
/// Caches key their indexes by it (a Pod's Job UID, a label pair) and projections keep UIDs in it.
public struct CompactString: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    private enum Storage: Sendable, Hashable {
        case uuid(UInt64, UInt64)
        case text(String)
    }

    private let storage: Storage

    public init(_ string: String) {
        storage = Self.uuid(string).map { .uuid($0.high, $0.low) } ?? .text(string)
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public var string: String {
        switch storage {
        case .text(let text):
            return text
        case .uuid(let high, let low):
            return String(unsafeUninitializedCapacity: Self.uuidLength) { buffer in
                var offset = 0
                for half in [high, low] {
                    for shift in stride(from: 60, through: 0, by: -4) {
                        if Self.isDash(at: offset) {
                            buffer[offset] = UInt8(ascii: "-")
                            offset += 1
                        }
                        let nibble = UInt8(truncatingIfNeeded: half >> UInt64(shift)) & 0xF
                        buffer[offset] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                        offset += 1
                    }
                }
                return offset
            }
        }
    }

    public var description: String { string }

    /// Whether the string is empty (without building it).
    public var isEmpty: Bool {
        if case .text(let text) = storage { return text.isEmpty }
        return false
    }

    private static let uuidLength = 36

    /// Where `8-4-4-4-12` puts its dashes.
    private static func isDash(at offset: Int) -> Bool {
        switch offset {
        case 8, 13, 18, 23: true
        default: false
        }
    }

    /// The two halves of `8-4-4-4-12` lower-case hex digits; nil for anything else (checked by
    /// length first, so most other strings cost nothing to reject).
    private static func uuid(_ string: String) -> (high: UInt64, low: UInt64)? {
        var string = string
        return string.withUTF8 { bytes -> (high: UInt64, low: UInt64)? in
            guard bytes.count == uuidLength else { return nil }
            var halves: (high: UInt64, low: UInt64) = (0, 0)
            var digits = 0
            for (offset, byte) in bytes.enumerated() {
                if isDash(at: offset) {
                    guard byte == UInt8(ascii: "-") else { return nil }
                    continue
                }
                let nibble: UInt64
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = UInt64(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = UInt64(byte - UInt8(ascii: "a") + 10)
                default: return nil
                }
                if digits < 16 {
                    halves.high = halves.high << 4 | nibble
                } else {
                    halves.low = halves.low << 4 | nibble
                }
                digits += 1
            }
            return halves
        }
    }
}
