import Foundation
import KubernetesClient
import Logging
import Synchronization

/// The KubeSim child's record of the requests it received, from KubeSim's own `request` debug
/// log line (logged when its responder gets a request, before the body is read or the request
/// served): how many of each kind (`RequestCounter.classify`), and when each CronMonitor status
/// PATCH and each Event POST arrived, in `MonotonicTime` nanoseconds.
final class RequestLog: Sendable {
    struct Arrivals: Sendable {
        /// Requests by "<METHOD> <resource>[/<subresource>]" (watches as WATCH).
        var byKind: [String: Int] = [:]
        /// Status PATCH arrivals by "<namespace>/<monitor>", in order.
        var statusPatches: [String: [Int64]] = [:]
        /// Event POST arrivals by namespace, in order.
        var eventPosts: [String: [Int64]] = [:]
        var firstStatusPatch: Int64?
        var lastStatusPatch: Int64?
        var statusPatchCount = 0
        var eventPostCount = 0
    }

    private let state = Mutex(Arrivals())

    var arrivals: Arrivals { state.withLock { $0 } }

    /// A logger for `KubeSimServer` whose `request` lines land here (nothing is printed).
    func logger() -> Logger {
        var logger = Logger(label: "kubesim-bench") { _ in Handler(requests: self) }
        logger.logLevel = .debug
        return logger
    }

    func record(method: String, path: String, query: String) {
        let now = MonotonicTime.now()
        guard let method = HTTPMethod(rawValue: method) else { return }
        let watching = query.split(separator: "&").contains { $0 == "watch=true" || $0 == "watch=1" }
        let (kind, monitor) = RequestCounter.classify(HTTPRequest(method: method, path: path), streaming: watching)
        let eventNamespace = kind == "POST events" ? Self.namespace(in: path) : nil
        state.withLock { arrivals in
            arrivals.byKind[kind, default: 0] += 1
            if let monitor {
                arrivals.statusPatches[monitor, default: []].append(now)
                arrivals.statusPatchCount += 1
                arrivals.firstStatusPatch = arrivals.firstStatusPatch ?? now
                arrivals.lastStatusPatch = now
            }
            if let eventNamespace {
                arrivals.eventPosts[eventNamespace, default: []].append(now)
                arrivals.eventPostCount += 1
            }
        }
    }

    /// The namespace segment of `/api…/namespaces/<namespace>/…`.
    static func namespace(in path: String) -> String? {
        let segments = path.split(separator: "/")
        guard let index = segments.firstIndex(of: "namespaces"), index + 1 < segments.count else { return nil }
        return String(segments[index + 1])
    }

    struct Handler: LogHandler {
        let requests: RequestLog
        var logLevel: Logger.Level = .debug
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard event.message.description == "request", let fields = event.metadata,
                let method = fields["http.method"], let path = fields["http.path"]
            else { return }
            requests.record(method: "\(method)", path: "\(path)", query: fields["http.query"].map { "\($0)" } ?? "")
        }
    }
}
