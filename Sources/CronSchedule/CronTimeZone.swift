import Foundation

/// Resolves the `timeZone` of a schedule the way Kubernetes validates `CronJob.spec.timeZone`:
/// an IANA time zone database name (`Europe/Berlin`, `UTC`, `EST5EDT`), case-sensitive; not
/// `Local`, not empty, and not the abbreviations or `GMT+1` style offsets that the platform's
/// ICU would also accept but Go's `time.LoadLocation` does not.
public enum CronTimeZone {
    /// Zone names of the IANA database that have no `/` in them.
    private static let singleWordNames: Set<String> = [
        "UTC", "UCT", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich", "Universal", "Zulu",
        "EST", "MST", "HST", "EST5EDT", "CST6CDT", "MST7MDT", "PST8PDT",
        "CET", "EET", "MET", "WET", "Cuba", "Egypt", "Eire", "GB", "GB-Eire", "Hongkong", "Iceland",
        "Iran", "Israel", "Jamaica", "Japan", "Kwajalein", "Libya", "NZ", "NZ-CHAT", "Navajo", "PRC",
        "Poland", "Portugal", "ROC", "ROK", "Singapore", "Turkey", "W-SU",
    ]

    /// The zone for `name`; `nil` means UTC (the controller's default in a container).
    public static func resolve(_ name: String?) throws(CronParseError) -> TimeZone {
        guard let name else { return utc }
        guard name != "Local", name.contains("/") || singleWordNames.contains(name),
              let zone = TimeZone(identifier: name)
        else { throw .unknownTimeZone(name) }
        // ICU maps some inputs to a different zone (e.g. "UTC" reads back as "GMT"), which is
        // fine; but a name it only understands as a custom offset ("GMT+0100") is not IANA.
        guard zone.identifier == name || singleWordNames.contains(name) else {
            throw .unknownTimeZone(name)
        }
        return zone
    }

    /// Coordinated Universal Time.
    public static var utc: TimeZone {
        TimeZone(secondsFromGMT: 0) ?? .gmt
    }
}
