/// What `Time` and `MicroTime` share: an RFC 3339 string on the wire. Conforming types get
/// their `Codable` implementation here.
public protocol RFC3339Timestamp: Codable {
    /// Parses an RFC 3339 timestamp.
    init(rfc3339 text: String) throws(TimestampError)
    /// The wire form, or `nil` for a year outside 0...9999.
    var rfc3339: String? { get }
}

extension RFC3339Timestamp {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(rfc3339: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        guard let text = rfc3339 else {
            throw EncodingError.invalidValue(
                self, .init(codingPath: encoder.codingPath, debugDescription: "year outside 0...9999"))
        }
        try container.encode(text)
    }
}
