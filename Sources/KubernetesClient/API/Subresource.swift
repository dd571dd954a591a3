/// A subresource of an object, addressed as a last path segment (`/status`).
public struct Subresource: RawRepresentable, Sendable, Hashable {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The status subresource: writes here change only `status`, and `status` only changes here.
    public static let status = Subresource(rawValue: "status")
}
