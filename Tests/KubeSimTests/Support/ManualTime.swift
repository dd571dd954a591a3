import Foundation
import Synchronization

/// A settable wall clock for stores and simulators under test.
final class ManualTime: Sendable {
    private let value: Mutex<Date>

    init(_ start: Date) { value = Mutex(start) }

    var now: Date { value.withLock { $0 } }

    func set(_ date: Date) { value.withLock { $0 = date } }
}
