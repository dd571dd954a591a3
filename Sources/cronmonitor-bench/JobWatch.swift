import Foundation
import CronMonitorController
import KubernetesClient
import KubernetesModel
import KubernetesRuntime

/// The controller's Job path: `KubernetesClient` over `CurlTransport` (loopback HTTP),
/// `ClientWatchSource<BatchV1.Job, JobProjection>` decoding and projecting, a `Store` caching.
enum JobWatch {
    /// How the Job path turns bytes into projections.
    enum Path: String, CaseIterable, Sendable {
        /// `JSONDecoder` decodes the whole `BatchV1.Job`, then `JobProjection.init` projects it.
        case decode = "decode"
        /// `JobProjection.readProjection` reads the projection from the bytes in one pass.
        case readBytes = "read bytes"
    }

    static func source(url: URL, path: Path) throws -> ClientWatchSource<BatchV1.Job, JobProjection> {
        let configuration = ClusterConfiguration(
            server: url, tls: TLSSettings(), credentials: StaticCredentials(), namespace: nil)
        let client = KubernetesClient(transport: try CurlTransport(configuration: configuration))
        switch path {
        case .decode:
            return ClientWatchSource<BatchV1.Job, JobProjection>(
                client: client, resource: BatchV1.Job.resource, namespace: nil,
                project: { JobProjection($0) }, resourceVersion: { $0.metadata.resourceVersion })
        case .readBytes:
            return .readingBytes(
                client: client, resource: BatchV1.Job.resource, namespace: nil,
                project: { JobProjection($0) }, resourceVersion: { $0.metadata.resourceVersion })
        }
    }

    /// Pulls watcher events into `store` until `count` watch changes (not lists) were applied.
    /// A relist in between means the benchmark lost its watch: that is an error, not a figure.
    static func apply<Events: AsyncIteratorProtocol>(
        _ count: Int, from events: inout Events, to store: Store<JobProjection>
    ) async throws -> Int where Events.Element == WatcherEvent<JobProjection> {
        var applied = 0
        while applied < count {
            guard let event = try await events.next() else { throw BenchError.measurement("the watcher ended") }
            switch event {
            case .applied, .deleted:
                store.apply(event)
                applied += 1
            case .restarted, .restartPage, .restartDone:
                throw BenchError.measurement("the watcher relisted during the watch phase after \(applied) changes")
            }
        }
        return applied
    }

    /// Pulls watcher events into `store` until a complete list arrives; returns its size.
    static func applyList<Events: AsyncIteratorProtocol>(
        from events: inout Events, to store: Store<JobProjection>
    ) async throws -> Int where Events.Element == WatcherEvent<JobProjection> {
        while true {
            guard let event = try await events.next() else { throw BenchError.measurement("the watcher ended") }
            store.apply(event)
            switch event {
            case .restarted, .restartDone: return store.count
            case .applied, .deleted, .restartPage: continue
            }
        }
    }
}
