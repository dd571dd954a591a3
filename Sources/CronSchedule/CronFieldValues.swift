/// The set of values one field matches, plus whether it was written with a star.
///
/// `isStarred` follows robfig/cron v3 exactly: an item beginning with `*` or `?` whose step is
/// at most 1 (`*`, `?`, `*/1`, `*,5`) sets it; `*/2` does not. It decides how day-of-month and
/// day-of-week combine.
public struct CronFieldValues: Sendable, Codable, Equatable, Hashable {
    /// Bit `n` set when value `n` matches.
    public var bits: UInt64
    public var isStarred: Bool

    public init(bits: UInt64, isStarred: Bool) {
        self.bits = bits
        self.isStarred = isStarred
    }

    /// Every value of `field`, starred (what `*` means).
    public static func all(_ field: CronField) -> CronFieldValues {
        CronFieldValues(bits: range(field.minimum, field.maximum, step: 1), isStarred: true)
    }

    /// Exactly one value, not starred.
    public static func only(_ value: Int) -> CronFieldValues {
        CronFieldValues(bits: UInt64(1) << UInt64(value), isStarred: false)
    }

    /// Bits `low...high` stepping by `step` (callers guarantee `0 <= low <= high <= 63`, `step >= 1`).
    static func range(_ low: Int, _ high: Int, step: Int) -> UInt64 {
        var bits: UInt64 = 0
        for value in stride(from: low, through: high, by: step) {
            bits |= UInt64(1) << UInt64(value)
        }
        return bits
    }

    public func contains(_ value: Int) -> Bool {
        value >= 0 && value < 64 && bits & (UInt64(1) << UInt64(value)) != 0
    }

    func contains(_ value: Int64) -> Bool {
        contains(Int(value))
    }

    /// The matching values in ascending order.
    public var values: [Int] {
        (0..<64).filter { contains($0) }
    }

    /// Smallest matching value greater than `value`, if any.
    func firstValue(after value: Int64) -> Int64? {
        guard value < 63 else { return nil }
        let higher = bits & (UInt64.max << UInt64(value + 1))
        return higher == 0 ? nil : Int64(higher.trailingZeroBitCount)
    }
}
