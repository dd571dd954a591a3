/// The planner properties the generated cases check (issue 11).
enum PlannerProperty: String, Sendable, CaseIterable, Comparable {
    /// Planning again from the status just written, at the same time, changes nothing.
    case idempotent = "idempotence"
    /// `totals.runs` is the number of distinct Jobs ever targeted; totals never decrease.
    case countedOnce = "counted once"
    /// No per-run alert twice for one Job, no `ScheduleMissed` twice for one slot.
    case alertedOnce = "alerted once"
    /// Restricted mode: every failed target Job gets its `RunFailed`.
    case failuresAlerted = "failures alerted"
    /// `runs` within `historyLimit`, the encoded status within a size bound.
    case bounded = "bounded"
    /// No negative requeue; only finished target Jobs are deleted.
    case wellFormed = "well formed"

    static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// A property that failed, in which pass (0-based), and how.
struct Violation: Sendable, Equatable, CustomStringConvertible {
    var property: PlannerProperty
    var pass: Int
    var detail: String

    var description: String { "\(property.rawValue), pass \(pass): \(detail)" }
}
