import Foundation
import Hummingbird
import KubernetesModel
import Logging
import NIOCore

/// Answers Kubernetes API requests from an `ObjectStore`: authentication, discovery, version,
/// health, resource verbs, watches and the Table form.
public struct KubeSimResponder: HTTPResponder {
    public typealias Context = BasicRequestContext

    public struct Settings: Sendable {
        /// Required bearer token; nil accepts every request.
        public var token: String?
        /// Interval between BOOKMARK events on watches that allow them.
        public var bookmarkInterval: Duration
        /// The `serverAddress` reported by `/api` when the request names no host.
        public var serverAddress: String
        /// Largest accepted request body.
        public var maxBodySize: Int
        /// How long a watch without `timeoutSeconds` stays open (the real server picks 30–60 min).
        public var defaultWatchTimeout: Duration

        public init(token: String? = nil, bookmarkInterval: Duration = .seconds(60), serverAddress: String = "127.0.0.1:6443",
                    maxBodySize: Int = 3 * 1024 * 1024, defaultWatchTimeout: Duration = .seconds(1800)) {
            self.defaultWatchTimeout = defaultWatchTimeout
            self.token = token
            self.bookmarkInterval = bookmarkInterval
            self.serverAddress = serverAddress
            self.maxBodySize = maxBodySize
        }
    }

    let store: ObjectStore
    let faults: FaultInjector
    let settings: Settings
    let clock: any Clock<Duration>
    let now: @Sendable () -> Date
    let logger: Logger

    public init(store: ObjectStore, settings: Settings, faults: FaultInjector? = nil, clock: any Clock<Duration> = ContinuousClock(),
                now: @escaping @Sendable () -> Date = Date.init, logger: Logger) {
        self.store = store
        self.faults = faults ?? FaultInjector(store: store)
        self.settings = settings
        self.clock = clock
        self.now = now
        self.logger = logger
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        logger.debug("request", metadata: [
            "http.method": "\(request.method)", "http.path": "\(request.uri.path)", "http.query": "\(request.uri.query ?? "")",
        ])
        do {
            return try await handle(&request)
        } catch let error as APIError {
            return Self.statusResponse(error)

        } catch {
            return Self.statusResponse(.internalError("\(error)"))
        }
    }

    private func handle(_ request: inout Request) async throws -> Response {
        let route = APIRoute(path: request.uri.path)
        if case .faults(let action) = route {
            try authenticate(request, route: route, honouringRevocation: false)
            return try await handleFault(action, request: &request)
        }
        try authenticate(request, route: route)
        try await injectFaults(route, request: request)
        switch route {
        case .version:
            return Self.jsonResponse(Self.versionInfo)
        case .health:
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok")))
        case .coreVersions, .groupList:
            return discoveryRoot(core: route == .coreVersions, accept: request.headers[.accept] ?? "",
                                 host: request.head.authority ?? settings.serverAddress)
        case .group(let name):
            guard let document = discovery.group(name) else { throw APIError.resourceNotFound(path: request.uri.path) }
            return Self.jsonResponse(document)
        case .resourceList(let group, let version):
            guard let document = discovery.resourceList(group: group, version: version) else {
                throw APIError.resourceNotFound(path: request.uri.path)
            }
            return Self.jsonResponse(document)
        case .openAPIRoot:
            return Self.jsonResponse(OpenAPIDocuments(resources: store.servedResources()).root)
        case .openAPIGroupVersion(let path):
            guard let document = OpenAPIDocuments(resources: store.servedResources()).groupVersion(path) else {
                throw APIError.resourceNotFound(path: request.uri.path)
            }
            return Self.jsonResponse(document)
        case .resource(let path) where Self.isAccessReview(path):
            return try await handleAccessReview(request: &request)
        case .resource(let path):
            return try await handleResource(path, request: &request)
        case .faults, .unknown:
            throw APIError.resourceNotFound(path: request.uri.path)
        }
    }

    private func authenticate(_ request: Request, route: APIRoute, honouringRevocation: Bool = true) throws(APIError) {
        if honouringRevocation, let header = request.headers[.authorization], header.hasPrefix("Bearer "),
           faults.isRevoked(String(header.dropFirst("Bearer ".count))) {
            throw .unauthorized
        }
        guard let token = settings.token else { return }
        guard let header = request.headers[.authorization] else {
            if route.isPublic { return }
            throw .unauthorized
        }
        guard header == "Bearer \(token)" else { throw .unauthorized }
    }

    private var discovery: DiscoveryDocuments {
        DiscoveryDocuments(resources: store.servedResources(), serverAddress: settings.serverAddress)
    }

    /// `/api` and `/apis`, in the aggregated form when the client asks for it (kubectl does),
    /// else the plain form.
    private func discoveryRoot(core: Bool, accept: String, host: String) -> Response {
        var discovery = self.discovery
        discovery.serverAddress = host
        for version in ["v2", "v2beta1"] where accept.split(separator: ",").contains(where: { entry in
            let parameters = entry.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            return parameters.contains("g=apidiscovery.k8s.io") && parameters.contains("v=\(version)")
                && parameters.contains("as=APIGroupDiscoveryList")
        }) {
            return Self.jsonResponse(
                discovery.aggregated(core: core, apiVersion: "apidiscovery.k8s.io/\(version)"),
                contentType: "application/json;g=apidiscovery.k8s.io;v=\(version);as=APIGroupDiscoveryList")
        }
        return Self.jsonResponse(core ? discovery.coreVersions : discovery.groupList)
    }

    /// The `version.Info` of a v1.30 server.
    static let versionInfo: JSONValue = .object([
        "major": .string("1"), "minor": .string("30"), "gitVersion": .string("v1.30.4"),
        "gitCommit": .string("0000000000000000000000000000000000000000"), "gitTreeState": .string("clean"),
        "buildDate": .string("2024-08-14T00:00:00Z"), "goVersion": .string("go1.22.5"), "compiler": .string("gc"),
        "platform": .string("linux/amd64"),
    ])

    static func jsonResponse(_ value: JSONValue, status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        let bytes = (try? JSONCoding.encode(value)) ?? Array("{}".utf8)
        return rawResponse(bytes, status: status, contentType: contentType)
    }

    static func rawResponse(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func statusResponse(_ error: APIError) -> Response {
        var response = jsonResponse(error.status, status: HTTPResponse.Status(code: error.code))
        if let seconds = error.details?.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
        return response
    }
}
