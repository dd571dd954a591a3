import Foundation

/// `metav1.Time`: an instant with whole-second precision, written `2006-01-02T15:04:05Z`.
/// Decoding accepts a fraction (dropped, rounding toward the past) and any UTC offset.
public struct Time: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// The instant `date`, truncated to the whole second at or before it.
    public init(_ date: Date) {
        self.secondsSinceEpoch = Int64(date.timeIntervalSince1970.rounded(.down))
    }

    /// Parses an RFC 3339 timestamp.
    public init(rfc3339 text: String) throws(TimestampError) {
        do {
            let instant = try RFC3339.parse(text)
            self.secondsSinceEpoch = instant.seconds
        } catch {
            throw TimestampError(message: error.description)
        }
    }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(secondsSinceEpoch)) }

    /// The wire form, or `nil` for a year outside 0...9999.
    public var rfc3339: String? {
        RFC3339.format(seconds: secondsSinceEpoch, nanoseconds: 0, fractionDigits: 0)
    }

    public static func < (lhs: Time, rhs: Time) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }
}

extension Time: RFC3339Timestamp {}

extension Time: CustomStringConvertible {
    public var description: String { rfc3339 ?? "Time(\(secondsSinceEpoch))" }
}

/// A string that is not an RFC 3339 timestamp.
public struct TimestampError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
