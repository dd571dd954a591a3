import Foundation
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
    /// A server-side field selector (query syntax), e.g. `regarding.kind=CronMonitor`.
    public let fieldSelector: String?
    let project: @Sendable (Resource) -> Projection
    let resourceVersion: @Sendable (Resource) -> String?
    /// Reads projections straight from the bytes; `nil`: decode `Resource` and project it.
    let reader: ProjectionBytesReader<Projection>?
    let logger: Logger

    public init(
        client: KubernetesClient,
        resource: ResourceDescriptor,
        namespace: String?,
        labelSelector: String? = nil,
        fieldSelector: String? = nil,
        project: @escaping @Sendable (Resource) -> Projection,
        resourceVersion: @escaping @Sendable (Resource) -> String?,
        logger: Logger = Logger(label: "kubernetes.watch", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.init(
            client: client, resource: resource, namespace: namespace, labelSelector: labelSelector,
            fieldSelector: fieldSelector, project: project, resourceVersion: resourceVersion, reader: nil, logger: logger)
    }

    init(
        client: KubernetesClient,
        resource: ResourceDescriptor,
        namespace: String?,
        labelSelector: String?,
        fieldSelector: String? = nil,
        project: @escaping @Sendable (Resource) -> Projection,
        resourceVersion: @escaping @Sendable (Resource) -> String?,
        reader: ProjectionBytesReader<Projection>?,
        logger: Logger
    ) {
        self.client = client
        self.resource = resource
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.project = project
        self.resourceVersion = resourceVersion
        self.reader = reader
        self.logger = logger
    }

    public func list(continueToken: String?, limit: Int) async throws -> ListPage<Projection> {
        var options = ListOptions()
        options.labelSelector = labelSelector
        options.fieldSelector = fieldSelector
        options.limit = limit
        options.continueToken = continueToken
        guard let reader else {
            let page = try await client.list(
                resource: resource, namespace: namespace, options: options, as: LenientObject<Resource>.self)
            return projected(page)
        }
        let body = try await client.listBody(resource: resource, namespace: namespace, options: options)
        if let page = try? reader.page([UInt8](body)) {
            return ListPage(
                items: page.items.map(\.projection),
                continueToken: page.metadata.nextPageToken,
                resourceVersion: page.metadata.resourceVersion ?? "")
        }
        // A page the reader does not take (malformed, an undecodable object, ...): decoded in full.
        let page = try KubernetesClient.decode(
            ObjectList<LenientObject<Resource>>.self, from: body, context: "list of \(resource.plural)")
        return projected(page)
    }

    private func projected(_ page: ObjectList<LenientObject<Resource>>) -> ListPage<Projection> {
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
        options.fieldSelector = fieldSelector
        options.resourceVersion = resourceVersion
        options.allowWatchBookmarks = true
        options.timeoutSeconds = Int(timeout.components.seconds)
        let lines = try await client.watchLines(resource: resource, namespace: namespace, options: options)
        return ProjectedChanges(
            lines: lines, project: project, resourceVersion: self.resourceVersion, reader: reader, resource: resource,
            logger: logger)
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

        let lines: WatchLineStream
        let project: @Sendable (Resource) -> Projection
        let resourceVersion: @Sendable (Resource) -> String?
        let reader: ProjectionBytesReader<Projection>?
        let resource: ResourceDescriptor
        let logger: Logger

        public func makeAsyncIterator() -> Iterator {
            Iterator(
                lines: lines.makeAsyncIterator(), project: project, resourceVersion: resourceVersion, reader: reader,
                resource: resource, logger: logger)
        }

        public struct Iterator: AsyncIteratorProtocol {
            var lines: WatchLineStream.AsyncIterator
            let project: @Sendable (Resource) -> Projection
            let resourceVersion: @Sendable (Resource) -> String?
            let reader: ProjectionBytesReader<Projection>?
            let resource: ResourceDescriptor
            let logger: Logger
            let decoder = JSONDecoder()

            public mutating func next() async throws -> WatchChange<Projection>? {
                while let line = try await lines.next() {
                    if let reader, let event = try? reader.line(line) {
                        switch event {
                        case .added(let read): return .added(read.projection, resourceVersion: read.resourceVersion ?? "")
                        case .modified(let read): return .modified(read.projection, resourceVersion: read.resourceVersion ?? "")
                        case .deleted(let read): return .deleted(read.projection, resourceVersion: read.resourceVersion ?? "")
                        case .bookmark(let bookmark): return .bookmark(resourceVersion: bookmark.resourceVersion)
                        case .error(let status): throw KubernetesError(status: status, retryAfterHeader: nil)
                        }
                    }
                    // Bookmarks, errors and lines the reader does not take: decoded in full.
                    let event: WatchEvent<LenientObject<Resource>>
                    do {
                        event = try WatchEventStream<LenientObject<Resource>>.decode(line, with: decoder)
                    } catch {
                        lines.finish()
                        throw error
                    }
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

/// Reads a projection's list pages and watch lines from their bytes (see `ProjectionReadable`).
struct ProjectionBytesReader<Projection: Sendable>: Sendable {
    let page: @Sendable ([UInt8]) throws(JSONScanError) -> ObjectList<ReadProjection<Projection>>
    let line: @Sendable ([UInt8]) throws(JSONScanError) -> WatchEvent<ReadProjection<Projection>>
}

extension ClientWatchSource where Projection: ProjectionReadable {
    /// A source that reads each object's projection straight from the bytes of list pages and
    /// watch lines (`Projection.readProjection`, one pass, no `Resource` built). A page or line
    /// the reader does not take (a bookmark, an error, an object it refuses) is decoded as
    /// `Resource` and projected with `project`, as by the other initialiser, so both give the
    /// same projections.
    public static func readingBytes(
        client: KubernetesClient,
        resource: ResourceDescriptor,
        namespace: String?,
        labelSelector: String? = nil,
        project: @escaping @Sendable (Resource) -> Projection,
        resourceVersion: @escaping @Sendable (Resource) -> String?,
        logger: Logger = Logger(label: "kubernetes.watch", factory: { _ in SwiftLogNoOpLogHandler() })
    ) -> Self {
        let reader = ProjectionBytesReader<Projection>(
            page: { bytes throws(JSONScanError) in try Projection.readListPage(bytes) },
            line: { bytes throws(JSONScanError) in try Projection.readWatchLine(bytes) })
        return Self(
            client: client, resource: resource, namespace: namespace, labelSelector: labelSelector, project: project,
            resourceVersion: resourceVersion, reader: reader, logger: logger)
    }
}
