import Foundation
import KubernetesClient
import Synchronization

/// Wraps a transport: records every request in a `RequestLog` (with the injected time), and
/// can be cut off (every request then fails at once as a connection failure, as for a paused or
/// partitioned replica).
final class RecordingTransport<Base: HTTPTransport>: HTTPTransport {
    let base: Base
    let log: RequestLog
    let label: String
    private let now: @Sendable () -> Duration
    private let isCutOff = Mutex(false)

    init(base: Base, log: RequestLog = RequestLog(), label: String = "", now: @escaping @Sendable () -> Duration = { .zero }) {
        self.base = base
        self.log = log
        self.label = label
        self.now = now
    }

    /// While cut off, requests are recorded but never reach the server.
    func setCutOff(_ cutOff: Bool) {
        isCutOff.withLock { $0 = cutOff }
    }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let sequence = try admit(request)
        do {
            let response = try await base.send(request)
            log.answered(sequence, outcome: "\(response.status)")
            return response
        } catch {
            log.answered(sequence, outcome: "\(error)")
            throw error
        }
    }

    func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
        let sequence = try admit(request)
        do {
            let response = try await base.stream(request)
            log.answered(sequence, outcome: "\(response.status)")
            return response
        } catch {
            log.answered(sequence, outcome: "\(error)")
            throw error
        }
    }

    private func admit(_ request: HTTPRequest) throws(TransportError) -> Int {
        let sequence = log.append(label: label, method: request.method, pathAndQuery: request.path, at: now())
        if isCutOff.withLock({ $0 }) {
            let error = TransportError(.connect, "cut off by the test")
            log.answered(sequence, outcome: "\(error)")
            throw error
        }
        return sequence
    }
}
