import Foundation
import KubernetesClient
import KubernetesModel
import Synchronization

/// A transport that plays a script: each call must match the next expected exchange (method,
/// path with query, and the exchange's own checks), and gets that exchange's reply.
///
/// An unexpected, out-of-order or extra call is recorded as a failure and answered with a thrown
/// `TransportError` whose message says what was expected; `verifyAllConsumed()` then throws a
/// `ScriptedTransportError` listing every failure and every exchange that never happened, so a
/// test that ends with `try transport.verifyAllConsumed()` fails on any deviation, even one the
/// code under test swallowed.
public final class ScriptedTransport: HTTPTransport {
    private struct State {
        var remaining: ArraySlice<Exchange>
        var requests: [HTTPRequest] = []
        var failures: [String] = []
    }

    private let state: Mutex<State>

    public init(_ script: [Exchange]) {
        state = Mutex(State(remaining: script[...]))
    }

    /// Every request received, in order (matching or not).
    public var requests: [HTTPRequest] { state.withLock { $0.requests } }

    /// The deviations recorded so far.
    public var failures: [String] { state.withLock { $0.failures } }

    /// Throws when a call deviated from the script or an expected exchange never happened.
    public func verifyAllConsumed() throws(ScriptedTransportError) {
        let (failures, remaining) = state.withLock { ($0.failures, Array($0.remaining)) }
        let missing = remaining.map { "expected request never made: \($0.method.rawValue) \($0.path)" }
        guard failures.isEmpty, missing.isEmpty else {
            throw ScriptedTransportError(messages: failures + missing)
        }
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        switch try take(request) {
        case .response(let response):
            return response
        case .stream(let status, let headers, let chunks, _):
            return HTTPResponse(status: status, headers: headers, body: Data(chunks.joined()))
        case .failure(let error):
            throw error
        }
    }

    public func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
        switch try take(request) {
        case .response(let response):
            return HTTPStreamingResponse(
                status: response.status, headers: response.headers,
                body: HTTPBodyStream(chunks: response.body.isEmpty ? [] : [Array(response.body)]))
        case .stream(let status, let headers, let chunks, let ending):
            return HTTPStreamingResponse(
                status: status, headers: headers, body: ScriptedBody.stream(chunks: chunks, ending: ending))
        case .failure(let error):
            throw error
        }
    }

    /// Matches `request` against the next exchange and consumes it.
    private func take(_ request: HTTPRequest) throws(TransportError) -> Reply {
        let outcome: Result<Reply, TransportError> = state.withLock { state in
            state.requests.append(request)
            let received = "\(request.method.rawValue) \(request.path)"
            guard let next = state.remaining.first else {
                let message = "unexpected extra request: \(received)"
                state.failures.append(message)
                return .failure(TransportError(.other, "ScriptedTransport: \(message)"))
            }
            var problems: [String] = []
            if next.method != request.method || next.path != request.path {
                problems.append("expected \(next.method.rawValue) \(next.path)")
            }
            for check in next.checks {
                if let problem = check(request) { problems.append(problem) }
            }
            guard problems.isEmpty else {
                let message = "request #\(state.requests.count) \(received): " + problems.joined(separator: "; ")
                state.failures.append(message)
                return .failure(TransportError(.other, "ScriptedTransport: \(message)"))
            }
            state.remaining.removeFirst()
            return .success(next.reply)
        }
        return try outcome.get()
    }
}

/// The deviations from a script, one message each.
public struct ScriptedTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public var messages: [String]

    public init(messages: [String]) {
        self.messages = messages
    }

    public var description: String {
        "ScriptedTransport: " + messages.joined(separator: "\n")
    }
}
