import Foundation

/// The `fleet` scenario's cluster as a pure function of the options, so the KubeSim child seeds
/// exactly what the benchmark expects: C selector monitors spread over K namespaces, N finished
/// Jobs dealt round-robin over them (40 each by default), one in ten failed.
///
/// Every time lies before `anchor` (the benchmark's start): the history over the past days, all
/// finished before the monitors were created (30 minutes before the anchor), so the first sync
/// records it without alerting. Jobs carry no scheduled-slot annotation (another scheduler's
/// Jobs) and are created outside every slot's grace window of the yearly schedule: they serve no
/// slot, and no slot falls due while the benchmark runs.
struct FleetFixture: Sendable {
    var monitors: Int
    var jobs: Int
    var namespaces: Int
    var sameSecond: Bool
    /// Every Job has its finished Pod.
    var withPods: Bool
    /// Epoch second the history lies before.
    var anchor: Int64

    init(options: BenchOptions) {
        monitors = options.monitors
        jobs = options.jobs
        namespaces = options.namespaces
        sameSecond = options.sameSecond
        withPods = options.withPods
        anchor = Int64(options.anchor)
    }

    static let schedule = "0 0 1 1 *"
    /// Monitors keep the default `historyLimit`.
    static let historyLimit = 20
    static let nameLabel = "app.kubernetes.io/name"
    static let fleetLabel = "app.kubernetes.io/part-of"
    /// Time between two runs of one monitor's history (distinct timestamps).
    static let period: Int64 = 7_200

    /// One finished Job.
    struct Run: Sendable, Equatable {
        var name: String
        var created: Int64
        var start: Int64
        var finish: Int64
        /// The Failed condition's reason; nil for a success.
        var failure: String?
    }

    var monitorsCreated: Int64 { anchor - 1_800 }

    func namespace(ofMonitor monitor: Int) -> String { "team-\(monitor % namespaces)" }

    func monitorName(_ monitor: Int) -> String { "etl-\(Self.padded(monitor, 5))" }

    /// Jobs seeded for `monitor`.
    func historyCount(of monitor: Int) -> Int {
        jobs / monitors + (monitor < jobs % monitors ? 1 : 0)
    }

    /// The `index`-th Job of `monitor`'s history, oldest first. Distinct timestamps: one run
    /// every two hours, 30 s to 25 min long, never overlapping. Same second: every Job created
    /// and started in one second two days ago, finishing 20 s apart.
    func historyRun(monitor: Int, index: Int) -> Run {
        let offset = Int64((monitor &* 37) % 1_800)
        let name = "\(monitorName(monitor))-\(Self.padded(index, 6))"
        let failure = Self.failure(monitor: monitor, index: index)
        if sameSecond {
            let start = Self.outsideGrace(anchor - 2 * 86_400 + offset)
            return Run(name: name, created: start, start: start, finish: start + 30 + Int64(index) * 20, failure: failure)
        }
        let count = Int64(historyCount(of: monitor))
        let created = Self.outsideGrace(anchor - 3_600 - (count - Int64(index)) * Self.period + offset)
        let start = created + 1 + Int64(index % 4)
        let duration = 30 + Int64(Self.mix(monitor, index) % 1_470)
        return Run(name: name, created: created, start: start, finish: start + duration, failure: failure)
    }

    /// `count` finished Jobs dealt round-robin over the monitors, in creation order, all after
    /// the monitors were created and before `now`: the `k`-th new Job of a monitor gets the
    /// `k`-th of equal shares of that window, never overlapping its other runs.
    func burstRuns(count: Int, now: Int64) -> [(monitor: Int, run: Run)] {
        let perMonitor = (count + monitors - 1) / monitors
        let windowStart = monitorsCreated + 300
        let spacing = max(2, (now - 5 - windowStart) / Int64(max(1, perMonitor)))
        return (0..<count).map { position in
            let monitor = position % monitors
            let round = position / monitors
            let index = historyCount(of: monitor) + round
            let start = Self.outsideGrace(windowStart + Int64(round) * spacing + Int64(monitor % 3))
            let duration = 1 + Int64(Self.mix(monitor, index) % UInt64(max(1, spacing / 2)))
            let run = Run(
                name: "\(monitorName(monitor))-\(Self.padded(index, 6))", created: start, start: start,
                finish: start + duration, failure: Self.failure(monitor: monitor, index: index))
            return (monitor, run)
        }
    }

    /// One run in ten fails, most by their backoff limit.
    static func failure(monitor: Int, index: Int) -> String? {
        let hash = mix(monitor, index)
        guard hash % 10 == 0 else { return nil }
        return hash % 30 == 0 ? "DeadlineExceeded" : "BackoffLimitExceeded"
    }

    /// A stable, well-spread hash of two small numbers (splitmix64's finaliser).
    static func mix(_ first: Int, _ second: Int) -> UInt64 {
        var value = UInt64(truncatingIfNeeded: first) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: second)
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// Moves a creation time out of the yearly slot's grace window (the first ten minutes of a
    /// year, UTC), so no Job claims a slot.
    static func outsideGrace(_ second: Int64) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents(
            [.month, .day, .hour, .minute], from: Date(timeIntervalSince1970: TimeInterval(second)))
        guard parts.month == 1, parts.day == 1, parts.hour == 0, (parts.minute ?? 60) < 10 else { return second }
        return second - 1_200
    }

    static func padded(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
