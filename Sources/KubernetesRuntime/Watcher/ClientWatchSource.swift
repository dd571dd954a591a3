import KubernetesClient
import KubernetesModel

/// A `WatchSource` over the Kubernetes API: decodes `Resource` from lists and watches and keeps
/// only its projection (`project`), so the cache never holds whole objects.
public struct ClientWatchSource<Resource: Decodable & Sendable, Projection: Sendable>: WatchSource {
    public typealias Object = Projection

    public let client: KubernetesClient
    public let resource: ResourceDescriptor
    /// `nil`: all namespaces.
    public let namespace: String?
    public let labelSelector: String?
    let project: @Sendable (Resource) -> Projection
    let resourceVersion: @Sendable (Resource) -> String?

    public init(
        client: KubernetesClient,
        resource: ResourceDescriptor,
        namespace: String?,
        labelSelector: String? = nil,
        project: @escaping @Sendable (Resource) -> Projection,
        resourceVersion: @escaping @Sendable (Resource) -> String?
    ) {
        self.client = client
        self.resource = resource
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.project = project
        self.resourceVersion = resourceVersion
    }

    public func list(continueToken: String?, limit: Int) async throws -> ListPage<Projection> {
        var options = ListOptions()
        options.labelSelector = labelSelector
        options.limit = limit
        options.continueToken = continueToken
        let page = try await client.list(resource: resource, namespace: namespace, options: options, as: Resource.self)
        return ListPage(
            items: page.items.map(project),
            continueToken: page.metadata.nextPageToken,
            resourceVersion: page.metadata.resourceVersion ?? "")
    }

    public func watch(from resourceVersion: String, timeout: Duration) async throws -> ProjectedChanges {
        var options = WatchOptions()
        options.labelSelector = labelSelector
        options.resourceVersion = resourceVersion
        options.allowWatchBookmarks = true
        options.timeoutSeconds = Int(timeout.components.seconds)
        let events = try await client.watch(resource: resource, namespace: namespace, options: options, as: Resource.self)
        return ProjectedChanges(events: events, project: project, resourceVersion: self.resourceVersion)
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

        let events: WatchEventStream<Resource>
        let project: @Sendable (Resource) -> Projection
        let resourceVersion: @Sendable (Resource) -> String?

        public func makeAsyncIterator() -> Iterator {
            Iterator(events: events.makeAsyncIterator(), project: project, resourceVersion: resourceVersion)
        }

        public struct Iterator: AsyncIteratorProtocol {
            var events: WatchEventStream<Resource>.AsyncIterator
            let project: @Sendable (Resource) -> Projection
            let resourceVersion: @Sendable (Resource) -> String?

            public mutating func next() async throws -> WatchChange<Projection>? {
                guard let event = try await events.next() else { return nil }
                switch event {
                case .added(let object):
                    return .added(project(object), resourceVersion: resourceVersion(object) ?? "")
                case .modified(let object):
                    return .modified(project(object), resourceVersion: resourceVersion(object) ?? "")
                case .deleted(let object):
                    return .deleted(project(object), resourceVersion: resourceVersion(object) ?? "")
                case .bookmark(let bookmark):
                    return .bookmark(resourceVersion: bookmark.resourceVersion)
                case .error(let status):
                    throw KubernetesError(status: status, retryAfterHeader: nil)
                }
            }
        }
    }
}
