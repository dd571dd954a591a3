import Foundation
import KubernetesClient
import Synchronization

/// Passes requests through and counts them, below the rate limiter and retries (so every
/// request that reached the API server is counted once, a retried one each time): by kind
/// (`PATCH cronmonitors/status`, `POST events`, `WATCH jobs`, …), and status PATCHes per monitor
/// with the moments they succeeded.
final class RequestCounter: HTTPTransport {
    private let base: any HTTPTransport
    private let state = Mutex(Counts())

    struct Counts: Sendable {
        /// Requests by "<METHOD> <resource>[/<subresource>]" (streams as WATCH).
        var byKind: [String: Int] = [:]
        /// Status PATCHes by "<namespace>/<monitor>".
        var statusPatches: [String: Int] = [:]
        /// When each monitor's status PATCHes succeeded, in order.
        var statusWritten: [String: [ContinuousClock.Instant]] = [:]

        var totalStatusPatches: Int { statusPatches.values.reduce(0, +) }
        var total: Int { byKind.values.reduce(0, +) }
        /// Writes other than status PATCHes (Events, Job deletes and patches).
        var otherWrites: Int {
            byKind.filter { !$0.key.hasPrefix("GET") && !$0.key.hasPrefix("WATCH") && $0.key != Self.statusPatch }
                .values.reduce(0, +)
        }

        static let statusPatch = "PATCH cronmonitors/status"
    }

    init(base: any HTTPTransport) {
        self.base = base
    }

    var counts: Counts { state.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let (kind, monitor) = Self.classify(request, streaming: false)
        state.withLock { counts in
            counts.byKind[kind, default: 0] += 1
            if let monitor { counts.statusPatches[monitor, default: 0] += 1 }
        }
        let response = try await base.send(request)
        if let monitor, (200..<300).contains(response.status) {
            let now = ContinuousClock.now
            state.withLock { $0.statusWritten[monitor, default: []].append(now) }
        }
        return response
    }

    func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
        let (kind, _) = Self.classify(request, streaming: true)
        state.withLock { $0.byKind[kind, default: 0] += 1 }
        return try await base.stream(request)
    }

    /// The request's kind, and "<namespace>/<name>" when it is a CronMonitor status PATCH.
    static func classify(_ request: HTTPRequest, streaming: Bool) -> (kind: String, monitor: String?) {
        let path = request.path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        var segments = path.split(separator: "/").map(String.init)
        // /api/v1/… or /apis/<group>/<version>/…
        segments.removeFirst(min(segments.count, segments.first == "api" ? 2 : 3))
        var namespace: String?
        if segments.first == "namespaces", segments.count >= 3 {
            namespace = segments[1]
            segments.removeFirst(2)
        }
        let resource = segments.count >= 3 ? "\(segments[0])/\(segments[2])" : segments.first ?? path
        let kind = "\(streaming ? "WATCH" : request.method.rawValue) \(resource)"
        guard kind == Counts.statusPatch, let namespace, segments.count >= 2 else { return (kind, nil) }
        return (kind, "\(namespace)/\(segments[1])")
    }
}
