import KubernetesRuntime

/// What a request path asks for. Paths are matched exactly, segment by segment; anything else
/// is `nil` (404). Namespaces and names must be valid Kubernetes names, so no request can name
/// anything the caches could not hold.
public enum DashboardRoute: Sendable, Equatable {
    /// `/`: the overview page.
    case overviewPage
    /// `/monitors/{ns}/{name}`: a monitor's page.
    case monitorPage(ObjectKey)
    /// `/assets/{file}`: an embedded stylesheet, script or image.
    case asset(String)
    /// `/api/v1/monitors`.
    case monitorList
    /// `/api/v1/namespaces/{ns}/monitors/{name}`.
    case monitor(ObjectKey)
    /// `/api/v1/stream`: server-sent events naming the monitors that changed.
    case stream
    /// `/badge/{ns}/{name}.svg`.
    case badge(ObjectKey)

    /// The longest path considered (longer: 414).
    public static let maxPathLength = 1024

    /// The route of `path` (the request target without its query), or nil.
    public init?(path: String) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        switch segments {
        case [""]:
            self = .overviewPage
        case let parts where parts.count == 3 && parts[0] == "monitors":
            guard let key = Self.key(parts[1], parts[2]) else { return nil }
            self = .monitorPage(key)
        case let parts where parts.count == 2 && parts[0] == "assets":
            guard Asset.named(parts[1]) != nil else { return nil }
            self = .asset(parts[1])
        case ["api", "v1", "monitors"]:
            self = .monitorList
        case ["api", "v1", "stream"]:
            self = .stream
        case let parts where parts.count == 6 && parts[0...2] == ["api", "v1", "namespaces"] && parts[4] == "monitors":
            guard let key = Self.key(parts[3], parts[5]) else { return nil }
            self = .monitor(key)
        case let parts where parts.count == 3 && parts[0] == "badge" && parts[2].hasSuffix(".svg"):
            guard let key = Self.key(parts[1], String(parts[2].dropLast(4))) else { return nil }
            self = .badge(key)
        default:
            return nil
        }
    }

    private static func key(_ namespace: String, _ name: String) -> ObjectKey? {
        guard isName(namespace), isName(name) else { return nil }
        return ObjectKey(namespace: namespace, name: name)
    }

    /// A DNS subdomain (RFC 1123): what names of namespaces and custom resources are.
    static func isName(_ text: String) -> Bool {
        guard (1...253).contains(text.utf8.count), let first = text.utf8.first, let last = text.utf8.last else { return false }
        func alphanumeric(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        return alphanumeric(first) && alphanumeric(last)
            && text.utf8.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }
}
