import Foundation

/// `metav1.MicroTime`: an instant with microsecond precision, written
/// `2006-01-02T15:04:05.000000Z`. Decoding accepts any number of fraction digits (or none; extra
/// digits are dropped toward the past) and any UTC offset.
public struct MicroTime: Sendable, Hashable, Comparable {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    /// The instant `date`, rounded to the nearest microsecond.
    public init(_ date: Date) {
        self.microsecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The same instant as a `Time` (exact, whole seconds).
    public init(_ time: Time) {
        self.microsecondsSinceEpoch = time.secondsSinceEpoch * 1_000_000
    }

    /// Parses an RFC 3339 timestamp.
    public init(rfc3339 text: String) throws(TimestampError) {
        do {
            let instant = try RFC3339.parse(text)
            self.microsecondsSinceEpoch = instant.seconds * 1_000_000 + instant.nanoseconds / 1000
        } catch {
            throw TimestampError(message: error.description)
        }
    }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(microsecondsSinceEpoch) / 1_000_000) }

    /// Truncated to the whole second at or before this instant.
    public var time: Time {
        Time(secondsSinceEpoch: RFC3339.floorDivide(microsecondsSinceEpoch, 1_000_000))
    }

    /// The wire form, or `nil` for a year outside 0...9999.
    public var rfc3339: String? {
        let seconds = RFC3339.floorDivide(microsecondsSinceEpoch, 1_000_000)
        let micros = microsecondsSinceEpoch - seconds * 1_000_000
        return RFC3339.format(seconds: seconds, nanoseconds: micros * 1000, fractionDigits: 6)
    }

    public static func < (lhs: MicroTime, rhs: MicroTime) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }
}

extension MicroTime: RFC3339Timestamp {}

extension MicroTime: CustomStringConvertible {
    public var description: String { rfc3339 ?? "MicroTime(\(microsecondsSinceEpoch))" }
}
