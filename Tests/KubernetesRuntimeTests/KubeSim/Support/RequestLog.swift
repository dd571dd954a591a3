import Foundation
import KubernetesClient
import Synchronization

/// One request as a `RecordingTransport` saw it.
struct RecordedRequest: Sendable, Equatable {
    /// Position among all requests of the `RequestLog` (shared by several transports).
    var sequence: Int
    /// Which transport sent it (e.g. the elector's name).
    var label: String
    var method: HTTPMethod
    /// The path without the query.
    var path: String
    var query: [String: String]
    /// The Kubernetes verb read from method, path and query.
    var verb: Verb
    /// The resource plural, if the path names one.
    var resource: String?
    /// The injected time when the request was sent (e.g. a test clock's offset).
    var at: Duration
    /// How it ended (`nil` while in flight): the status code or the transport error.
    var outcome: String?

    enum Verb: String, Sendable, Equatable {
        case get, list, watch, create, update, patch, delete, deleteCollection
    }
}

/// The requests of one or more `RecordingTransport`s, in the order they were sent, with waits
/// for a condition on them (no polling: every new request re-checks the waiters).
final class RequestLog: Sendable {
    private let recorded = Mutex<[RecordedRequest]>([])
    private let waiters = ConditionWaiters<[RecordedRequest]>()
    private let onStep: @Sendable () -> Void
    private let created = ContinuousClock.now

    /// Real time since this log was made (a `now` for transports whose requests it records).
    var elapsed: Duration { created.duration(to: .now) }

    /// - Parameter onStep: called before every request is sent and after every answer.
    init(onStep: @escaping @Sendable () -> Void = {}) {
        self.onStep = onStep
    }

    /// A request was answered (or failed).
    func answered(_ sequence: Int, outcome: String) {
        recorded.withLock { requests in
            if requests.indices.contains(sequence) { requests[sequence].outcome = outcome }
        }
        onStep()
        waiters.check(requests)
    }

    var requests: [RecordedRequest] { recorded.withLock { $0 } }

    func count(_ verb: RecordedRequest.Verb, resource: String? = nil, label: String? = nil) -> Int {
        requests.filter { $0.verb == verb && (resource == nil || $0.resource == resource) && (label == nil || $0.label == label) }.count
    }

    /// Records a request; returns its sequence number.
    func append(label: String, method: HTTPMethod, pathAndQuery: String, at: Duration) -> Int {
        let (sequence, snapshot) = recorded.withLock { requests in
            requests.append(Self.parse(
                sequence: requests.count, label: label, method: method, pathAndQuery: pathAndQuery, at: at))
            return (requests.count - 1, requests)
        }
        onStep()
        waiters.check(snapshot)
        return sequence
    }

    /// Re-checks the waiting conditions (for conditions that also depend on other state).
    func recheck() {
        waiters.check(requests)
    }

    /// Returns once `condition` holds for the requests recorded so far (or the task is cancelled).
    func wait(until condition: @escaping @Sendable ([RecordedRequest]) -> Bool) async {
        await waiters.wait(until: condition, current: { requests })
    }

    static func parse(sequence: Int, label: String, method: HTTPMethod, pathAndQuery: String, at: Duration) -> RecordedRequest {
        let parts = pathAndQuery.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts.first ?? "")
        var query: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(keyValue[0]).removingPercentEncoding ?? String(keyValue[0])
                let value = keyValue.count > 1 ? (String(keyValue[1]).removingPercentEncoding ?? String(keyValue[1])) : ""
                query[key] = value
            }
        }
        // /api/v1/... or /apis/{group}/{version}/..., then optional namespaces/{ns}, then
        // {plural}[/{name}[/{subresource}]].
        var components = path.split(separator: "/").map(String.init)
        if components.first == "api" {
            components.removeFirst(min(2, components.count))
        } else if components.first == "apis" {
            components.removeFirst(min(3, components.count))
        }
        if components.first == "namespaces", components.count >= 3 {
            components.removeFirst(2)
        }
        let resource = components.first
        let named = components.count >= 2
        let verb: RecordedRequest.Verb
        switch method {
        case .get:
            if query["watch"] == "true" || query["watch"] == "1" {
                verb = .watch
            } else {
                verb = named ? .get : .list
            }
        case .post: verb = .create
        case .put: verb = .update
        case .patch: verb = .patch
        case .delete: verb = named ? .delete : .deleteCollection
        }
        return RecordedRequest(
            sequence: sequence, label: label, method: method, path: path, query: query, verb: verb, resource: resource, at: at,
            outcome: nil)
    }
}
