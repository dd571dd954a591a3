import Synchronization

/// A list that concurrent closures append to (a class, so escaping closures can share it).
final class Recorder<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])

    func append(_ item: Element) {
        items.withLock { $0.append(item) }
    }

    var all: [Element] { items.withLock { $0 } }
}

/// A flag that closures read and tests set.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)

    func set(_ newValue: Bool) { value.store(newValue, ordering: .relaxed) }
    var isSet: Bool { value.load(ordering: .relaxed) }
}
