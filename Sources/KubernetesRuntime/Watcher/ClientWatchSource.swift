import KubernetesClient
import KubernetesModel
import Logging

/// A `WatchSource` over the Kubernetes API: decodes `Resource` from lists and watches and keeps
/// only its projection (`project`), so the cache never holds whole objects.
///
/// Objects are decoded one by one: an object that does not decode is skipped with a warning
/// (naming it, when its metadata is readable, and the reason), and the rest of the page or
/// watch is served as usual.
public struct ClientWatchSource<Resource: Decodable & Sendable, Projection: Sendable>: WatchSource {
    public typealias Object = Projection

    public let client: KubernetesClient
    public let resource: ResourceDescriptor
    /// `nil`: all namespaces.
    public let namespace: String?
    public let labelSelector: String?
    let project: @Sendable (Resource) -> Projection
    let resourceVersion: @Sendable (Resource) -> String?
    let logger: Logger

    public init(
        client: KubernetesClient,
        resource: ResourceDescriptor,
        namespace: String?,
        labelSelector: String? = nil,
        project: @escaping @Sendable (Resource) -> Projection,
        resourceVersion: @escaping @Sendable (Resource) -> String?,
        logger: Logger = Logger(label: "kubernetes.watch", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.client = client
        self.resource = resource
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.project = project
        self.resourceVersion = resourceVersion
        self.logger = logger
    }

    public func list(continueToken: String?, limit: Int) async throws -> ListPage<Projection> {
        var options = ListOptions()
        options.labelSelector = labelSelector
        options.limit = limit
        options.continueToken = continueToken
        let page = try await client.list(
            resource: resource, namespace: namespace, options: options, as: LenientObject<Resource>.self)
        let items = page.items.compactMap { item -> Projection? in
            switch item {
            case .decoded(let object):
                return project(object)
            case .undecodable(let object):
                Self.skipped(object, resource: resource, logger: logger)
                return nil
            }
        }
        return ListPage(
            items: items,
            continueToken: page.metadata.nextPageToken,
            resourceVersion: page.metadata.resourceVersion ?? "")
    }

    public func watch(from resourceVersion: String, timeout: Duration) async throws -> ProjectedChanges {
        var options = WatchOptions()
        options.labelSelector = labelSelector
        options.resourceVersion = resourceVersion
        options.allowWatchBookmarks = true
        options.timeoutSeconds = Int(timeout.components.seconds)
        let events = try await client.watch(
            resource: resource, namespace: namespace, options: options, as: LenientObject<Resource>.self)
        return ProjectedChanges(
            events: events, project: project, resourceVersion: self.resourceVersion, resource: resource, logger: logger)
    }

    /// Logs an object left out of the cache because it does not decode.
    static func skipped(_ object: UndecodableObject, resource: ResourceDescriptor, logger: Logger) {
        logger.warning(
            "Skipping an object that cannot be decoded; fix or delete it",
            metadata: [
                "k8s.resource": "\(resource.plural)", "k8s.namespace": "\(object.namespace ?? "")",
                "k8s.name": "\(object.name ?? "(unreadable)")", "error": "\(object.reason)",
            ])
    }

    public func classify(_ error: any Error) -> WatcherFailure {
        guard let error = error as? KubernetesError else { return .other }
        switch error {
        case .gone:
            return .gone
        case .tooManyRequests(_, let seconds):
            return .throttled(retryAfter: seconds.map { .seconds($0) })
        case .transport(let transportError) where transportError.kind == .timeout:
            return .idle
        case .badRequest, .unauthorized, .forbidden, .notFound, .methodNotAllowed, .alreadyExists, .conflict,
            .unsupportedMediaType, .invalid, .serverError, .unexpectedStatus, .transport, .decoding, .invalidRequest:
            return .other
        }
    }

    /// The watch's events as projections with their resourceVersions.
    public struct ProjectedChanges: AsyncSequence, Sendable {
        public typealias Element = WatchChange<Projection>

        let events: WatchEventStream<LenientObject<Resource>>
        let project: @Sendable (Resource) -> Projection
        let resourceVersion: @Sendable (Resource) -> String?
        let resource: ResourceDescriptor
        let logger: Logger

        public func makeAsyncIterator() -> Iterator {
            Iterator(
                events: events.makeAsyncIterator(), project: project, resourceVersion: resourceVersion,
                resource: resource, logger: logger)
        }

        public struct Iterator: AsyncIteratorProtocol {
            var events: WatchEventStream<LenientObject<Resource>>.AsyncIterator
            let project: @Sendable (Resource) -> Projection
            let resourceVersion: @Sendable (Resource) -> String?
            let resource: ResourceDescriptor
            let logger: Logger

            public mutating func next() async throws -> WatchChange<Projection>? {
                while let event = try await events.next() {
                    switch event {
                    case .added(.decoded(let object)):
                        return .added(project(object), resourceVersion: resourceVersion(object) ?? "")
                    case .modified(.decoded(let object)):
                        return .modified(project(object), resourceVersion: resourceVersion(object) ?? "")
                    case .deleted(.decoded(let object)):
                        return .deleted(project(object), resourceVersion: resourceVersion(object) ?? "")
                    case .added(.undecodable(let object)), .modified(.undecodable(let object)),
                        .deleted(.undecodable(let object)):
                        ClientWatchSource.skipped(object, resource: resource, logger: logger)
                        // The watch still moved past it.
                        if let version = object.resourceVersion { return .bookmark(resourceVersion: version) }
                    case .bookmark(let bookmark):
                        return .bookmark(resourceVersion: bookmark.resourceVersion)
                    case .error(let status):
                        throw KubernetesError(status: status, retryAfterHeader: nil)
                    }
                }
                return nil
            }
        }
    }
}
