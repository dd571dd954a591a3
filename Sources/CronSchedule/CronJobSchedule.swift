import Foundation

/// A Kubernetes CronJob schedule: an expression (`spec.schedule`) in a time zone
/// (`spec.timeZone`), answering "when is the next slot" exactly as the CronJob controller does.
///
/// Times are whole seconds: the controller's library works at second granularity and starts every
/// search at the next whole second after the given instant.
public struct CronJobSchedule: Sendable, Equatable, Hashable {
    /// The expression as written.
    public let text: String
    public let expression: CronExpression
    public let timeZone: TimeZone
    /// The zone name as given (`UTC` when none was), for display and status fields.
    public let timeZoneName: String

    /// Parses `expression` and resolves `timeZone` (an IANA name; `nil` means UTC).
    public init(_ expression: String, timeZone: String? = nil) throws(CronParseError) {
        self.text = expression
        self.expression = try CronExpression.parse(expression)
        self.timeZone = try CronTimeZone.resolve(timeZone)
        self.timeZoneName = timeZone ?? "UTC"
    }

    public init(expression: CronExpression, text: String, timeZone: TimeZone, timeZoneName: String? = nil) {
        self.text = text
        self.expression = expression
        self.timeZone = timeZone
        self.timeZoneName = timeZoneName ?? timeZone.identifier
    }

    /// The first slot strictly after `instant`, or `nil` when the expression can never match
    /// within five years of it (for example `0 0 30 2 *`).
    public func next(after instant: Date) -> Date? {
        nextSecond(after: Self.wholeSeconds(instant)).map(Self.date)
    }

    /// Same as `next(after:)` on whole seconds since the epoch.
    func nextSecond(after seconds: Int64) -> Int64? {
        switch expression {
        case .every(let interval):
            return seconds + interval
        case .fields(let spec):
            return CronWalk(spec: spec, clock: ZoneClock(zone: timeZone)).next(after: seconds)
        }
    }

    /// Floor of the instant in whole seconds (the controller drops sub-second parts).
    static func wholeSeconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }

    static func date(_ seconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
