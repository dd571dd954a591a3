/// What a request path addresses on the Kubernetes API.
enum APIRoute: Equatable, Sendable {
    case version
    case health(String)
    case coreVersions
    case groupList
    case group(String)
    case resourceList(group: String, version: String)
    case resource(ResourcePath)
    case openAPIRoot
    case openAPIGroupVersion(String)
    /// `/kubesim/faults[/{action}]`: fault injection, outside the Kubernetes API.
    case faults(String)
    case unknown

    /// Parses a request path (without query).
    init(path: String) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch segments.first {
        case "version" where segments.count == 1:
            self = .version
        case "openapi" where segments.count == 2 && segments[1] == "v3":
            self = .openAPIRoot
        case "openapi" where segments.count > 2 && segments[1] == "v3":
            self = .openAPIGroupVersion(segments.dropFirst(2).joined(separator: "/"))
        case "kubesim" where segments.count >= 2 && segments.count <= 3 && segments[1] == "faults":
            self = .faults(segments.count == 3 ? segments[2] : "")
        case "healthz", "readyz", "livez":
            self = .health(segments[0])
        case "api":
            switch segments.count {
            case 1: self = .coreVersions
            case 2: self = .resourceList(group: "", version: segments[1])
            default: self = ResourcePath(group: "", version: segments[1], rest: Array(segments.dropFirst(2))).map(APIRoute.resource) ?? .unknown
            }
        case "apis":
            switch segments.count {
            case 1: self = .groupList
            case 2: self = .group(segments[1])
            case 3: self = .resourceList(group: segments[1], version: segments[2])
            default: self = ResourcePath(group: segments[1], version: segments[2], rest: Array(segments.dropFirst(3))).map(APIRoute.resource) ?? .unknown
            }
        default:
            self = .unknown
        }
    }

    /// Reachable without credentials (what RBAC grants system:unauthenticated for public info;
    /// discovery is also open here so tools can find their way before logging in).
    var isPublic: Bool {
        switch self {
        case .version, .health, .coreVersions, .groupList, .group, .resourceList, .openAPIRoot, .openAPIGroupVersion: true
        case .resource, .faults, .unknown: false
        }
    }
}

/// The resource part of a path: `[namespaces/{ns}/]{plural}[/{name}[/{subresource}]]`.
struct ResourcePath: Equatable, Sendable {
    var group: String
    var version: String
    var namespace: String?
    var plural: String
    var name: String?
    var subresource: String?

    init?(group: String, version: String, rest: [String]) {
        self.group = group
        self.version = version
        var rest = rest[...]
        // `namespaces/{name}` and `namespaces/{name}/status|finalize` address the Namespace itself.
        let addressesNamespace = rest.count == 2
            || (rest.count == 3 && ["status", "finalize"].contains(rest[rest.startIndex + 2]))
        if rest.first == "namespaces", rest.count >= 3, !addressesNamespace {
            namespace = rest[rest.startIndex + 1]
            rest = rest.dropFirst(2)
        } else {
            namespace = nil
        }
        guard let plural = rest.first, rest.count <= 3 else { return nil }
        self.plural = plural
        name = rest.count >= 2 ? rest[rest.startIndex + 1] : nil
        subresource = rest.count == 3 ? rest[rest.startIndex + 2] : nil
    }
}
