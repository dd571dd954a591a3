/// Percent-encoding for the parts of an API URL (RFC 3986).
enum PercentEncoding {
    /// A query key or value: everything but the unreserved characters is encoded, so `=`, `,`,
    /// `!`, `(`, spaces and `+` in selectors survive any server-side decoding.
    static func queryComponent(_ text: String) -> String {
        encode(text) { isUnreserved($0) }
    }

    /// One path segment (a namespace or object name).
    static func pathSegment(_ text: String) -> String {
        encode(text) { isUnreserved($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "@") }
    }

    /// `key=value&...` in the given order.
    static func query(_ items: [(String, String)]) -> String {
        items.map { "\(queryComponent($0.0))=\(queryComponent($0.1))" }.joined(separator: "&")
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func encode(_ text: String, keeping keep: (UInt8) -> Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if keep(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
