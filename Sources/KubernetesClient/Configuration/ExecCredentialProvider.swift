import Foundation
import KubernetesModel

/// Credentials from a kubeconfig `exec` plugin (client.authentication.k8s.io v1 / v1beta1).
/// The plugin runs on first use; its answer is cached until `status.expirationTimestamp` (or
/// until `invalidate()` when it gives none). Concurrent callers share one run.
public actor ExecCredentialProvider: CredentialProvider {
    private enum State {
        case empty
        case running(generation: Int, Task<Result<ExecCredential, CredentialError>, Never>)
        case cached(ExecCredential)
    }

    private let invocation: ExecInvocation
    private let base: Credentials
    private let now: @Sendable () -> Date
    private var state = State.empty
    private var generation = 0

    /// - Parameters:
    ///   - config: the `exec` stanza.
    ///   - baseDirectory: the kubeconfig's directory; relative commands containing `/` resolve there.
    ///   - environment: the operator's environment; `config.env` is laid over it.
    ///   - clusterInfo: `spec.cluster` for `KUBERNETES_EXEC_INFO` when `provideClusterInfo` is set.
    ///   - base: credentials from the kubeconfig (a client certificate) used where the plugin gives none.
    public init(
        config: ExecConfig,
        baseDirectory: String,
        environment: [String: String],
        clusterInfo: JSONValue? = nil,
        base: Credentials = Credentials(),
        timeout: Duration = .seconds(60),
        now: @escaping @Sendable () -> Date
    ) {
        self.invocation = ExecInvocation(
            config: config, baseDirectory: baseDirectory, environment: environment,
            clusterInfo: clusterInfo, timeout: timeout
        )
        self.base = base
        self.now = now
    }

    public func currentCredentials() async throws(CredentialError) -> Credentials {
        switch state {
        case .cached(let credential):
            if let expiry = credential.expiration, now() >= expiry { break }
            return merged(credential)
        case .running(let running, let task):
            return merged(try await finish(running, task))
        case .empty:
            break
        }
        generation += 1
        let running = generation
        let invocation = self.invocation
        let task = Task { await invocation.run() }
        state = .running(generation: running, task)
        return merged(try await finish(running, task))
    }

    public func invalidate() async {
        state = .empty
    }

    private func finish(
        _ running: Int, _ task: Task<Result<ExecCredential, CredentialError>, Never>
    ) async throws(CredentialError) -> ExecCredential {
        let result = await task.value
        if case .running(let current, _) = state, current == running {
            switch result {
            case .success(let credential): state = .cached(credential)
            case .failure: state = .empty
            }
        }
        return try result.get()
    }

    private func merged(_ credential: ExecCredential) -> Credentials {
        var credentials = base
        if let token = credential.token { credentials.bearerToken = token }
        if let certificate = credential.clientCertificatePEM, let key = credential.clientKeyPEM {
            credentials.clientCertificatePEM = certificate
            credentials.clientKeyPEM = key
        }
        return credentials
    }
}

/// The plugin's answer (`ExecCredential.status`).
struct ExecCredential: Sendable, Equatable {
    var token: String? = nil
    var clientCertificatePEM: Data? = nil
    var clientKeyPEM: Data? = nil
    /// `nil`: valid until invalidated.
    var expiration: Date? = nil
}
