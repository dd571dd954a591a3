import Foundation
import KubernetesTestSupport
import KubernetesClient
import Synchronization

/// A transport double for the decorator tests: answers from a script, in order, and records
/// each request with the (manual) time it arrived. Running past the script is a test failure.
final class FakeTransport: HTTPTransport {
    enum Step: Sendable {
        case respond(HTTPResponse)
        case fail(TransportError)
    }

    struct Call: Sendable, Equatable {
        var request: HTTPRequest
        var at: Duration
    }

    private let clock: ManualClock
    private let state: Mutex<(steps: [Step], calls: [Call])>

    init(clock: ManualClock, steps: [Step]) {
        self.clock = clock
        self.state = Mutex((steps, []))
    }

    var calls: [Call] { state.withLock { $0.calls } }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        switch next(request) {
        case .respond(let response): return response
        case .fail(let error): throw error
        }
    }

    func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
        switch next(request) {
        case .respond(let response):
            return HTTPStreamingResponse(
                status: response.status, headers: response.headers,
                body: HTTPBodyStream(chunks: [Array(response.body)]))
        case .fail(let error): throw error
        }
    }

    private func next(_ request: HTTPRequest) -> Step {
        let now = clock.now.offset
        return state.withLock { state in
            state.calls.append(Call(request: request, at: now))
            guard !state.steps.isEmpty else {
                return .fail(TransportError(.other, "FakeTransport: unexpected extra request"))
            }
            return state.steps.removeFirst()
        }
    }
}
