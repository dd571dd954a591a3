import Foundation
import KubernetesClient
import KubernetesTestSupport
import Synchronization

/// Credentials that change on `invalidate()`: the first token, then the next, and so on.
final class RotatingCredentials: CredentialProvider {
    private let state: Mutex<(tokens: [String], index: Int, invalidations: Int)>

    init(tokens: [String]) {
        state = Mutex((tokens, 0, 0))
    }

    var invalidations: Int { state.withLock { $0.invalidations } }

    func currentCredentials() async throws(CredentialError) -> Credentials {
        let token = state.withLock { $0.tokens[min($0.index, $0.tokens.count - 1)] }
        return Credentials(bearerToken: token)
    }

    func invalidate() async {
        state.withLock {
            $0.index += 1
            $0.invalidations += 1
        }
    }
}

/// A one-shot signal a server handler raises and a test awaits.
final class Signal: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream<Void>.makeStream()
    }

    func raise() { continuation.yield() }

    func wait() async {
        for await _ in stream { return }
    }
}

func makeTransport(
    _ server: LoopbackServer,
    credentials: any CredentialProvider = StaticCredentials(Credentials(bearerToken: "t0k3n")),
    tls: TLSSettings = TLSSettings(),
    options: CurlTransportOptions = CurlTransportOptions()
) throws -> CurlTransport {
    try CurlTransport(
        configuration: ClusterConfiguration(server: server.baseURL, tls: tls, credentials: credentials, namespace: nil),
        options: options)
}

func collect(_ body: HTTPBodyStream) async throws -> [UInt8] {
    var bytes: [UInt8] = []
    for try await chunk in body { bytes += chunk }
    return bytes
}

/// Counts calls across tasks.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)

    /// Returns the new count.
    func increment() -> Int {
        value.wrappingAdd(1, ordering: .relaxed).newValue
    }
}
