import CronMonitorAPI
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import Logging
import Synchronization

/// Where the Events about CronMonitors come from: `events.k8s.io/v1` Events selected on the
/// server by `regarding.kind=CronMonitor`, or, where that group is not served (its collection
/// answers 404, as the event recorder finds too), core `v1` Events selected by
/// `involvedObject.kind=CronMonitor`. Both are views of the same objects on a real API server.
public struct MonitorEventSource: WatchSource {
    public typealias Object = MonitorEvent

    let eventsV1: ClientWatchSource<EventsV1.Event, MonitorEvent>
    let coreV1: ClientWatchSource<CoreV1.Event, MonitorEvent>
    let api: APIChoice
    let logger: Logger

    /// `fieldSelector` of the events.k8s.io/v1 watch.
    public static let eventsV1Selector = FieldSelector.equals("regarding.kind", CronMonitor.kind).queryString
    /// `fieldSelector` of the core v1 watch.
    public static let coreV1Selector = FieldSelector.equals("involvedObject.kind", CronMonitor.kind).queryString

    /// Which Event API is read; switches to core v1 for good once events.k8s.io is not served.
    final class APIChoice: Sendable {
        private let usesCoreV1 = Mutex(false)

        var isCoreV1: Bool { usesCoreV1.withLock { $0 } }

        func switchToCoreV1() { usesCoreV1.withLock { $0 = true } }
    }

    /// - Parameter namespace: `nil`: all namespaces.
    public init(client: KubernetesClient, namespace: String?, logger: Logger) {
        eventsV1 = ClientWatchSource(
            client: client, resource: EventsV1.Event.resource, namespace: namespace, fieldSelector: Self.eventsV1Selector,
            project: MonitorEvent.init, resourceVersion: { $0.metadata.resourceVersion }, logger: logger)
        coreV1 = ClientWatchSource(
            client: client, resource: CoreV1.Event.resource, namespace: namespace, fieldSelector: Self.coreV1Selector,
            project: MonitorEvent.init, resourceVersion: { $0.metadata.resourceVersion }, logger: logger)
        api = APIChoice()
        self.logger = logger
    }

    public var namespace: String? { eventsV1.namespace }

    public func list(continueToken: String?, limit: Int) async throws -> ListPage<MonitorEvent> {
        if !api.isCoreV1 {
            do {
                return try await eventsV1.list(continueToken: continueToken, limit: limit)
            } catch KubernetesError.notFound(let status) where status.details?.name == nil {
                // The collection itself is missing: the events.k8s.io group is not served.
                logger.info(
                    "events.k8s.io/v1 not served; the dashboard reads core v1 Events",
                    metadata: ["k8s.namespace": "\(namespace ?? "")"])
                api.switchToCoreV1()
            }
        }
        return try await coreV1.list(continueToken: continueToken, limit: limit)
    }

    public func watch(from resourceVersion: String, timeout: Duration) async throws -> Changes {
        if api.isCoreV1 {
            return .coreV1(try await coreV1.watch(from: resourceVersion, timeout: timeout))
        }
        return .eventsV1(try await eventsV1.watch(from: resourceVersion, timeout: timeout))
    }

    public func classify(_ error: any Error) -> WatcherFailure {
        eventsV1.classify(error)
    }

    /// The watch of whichever API is read.
    public enum Changes: AsyncSequence, Sendable {
        public typealias Element = WatchChange<MonitorEvent>

        case eventsV1(ClientWatchSource<EventsV1.Event, MonitorEvent>.ProjectedChanges)
        case coreV1(ClientWatchSource<CoreV1.Event, MonitorEvent>.ProjectedChanges)

        public func makeAsyncIterator() -> Iterator {
            switch self {
            case .eventsV1(let changes): .eventsV1(changes.makeAsyncIterator())
            case .coreV1(let changes): .coreV1(changes.makeAsyncIterator())
            }
        }

        public enum Iterator: AsyncIteratorProtocol {
            case eventsV1(ClientWatchSource<EventsV1.Event, MonitorEvent>.ProjectedChanges.Iterator)
            case coreV1(ClientWatchSource<CoreV1.Event, MonitorEvent>.ProjectedChanges.Iterator)

            public mutating func next() async throws -> WatchChange<MonitorEvent>? {
                switch self {
                case .eventsV1(var iterator):
                    let change = try await iterator.next()
                    self = .eventsV1(iterator)
                    return change
                case .coreV1(var iterator):
                    let change = try await iterator.next()
                    self = .coreV1(iterator)
                    return change
                }
            }
        }
    }
}
