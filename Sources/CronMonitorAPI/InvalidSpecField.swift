/// A spec field the operator could not read: an unknown enum value (a newer or older CRD
/// version may allow it) or a value of the wrong type.
public struct InvalidSpecField: Sendable, Equatable {
    /// The field's path, e.g. `spec.onStuck`.
    public var field: String
    /// The value as found, as compact JSON (shortened when long).
    public var value: String
    /// What the field accepts, e.g. `one of Alert, Terminate`.
    public var expected: String

    public init(field: String, value: String, expected: String) {
        self.field = field
        self.value = value
        self.expected = expected
    }

    /// One line for a condition message or an Event note.
    public var message: String { "\(field) has invalid value \(value): expected \(expected)" }
}
