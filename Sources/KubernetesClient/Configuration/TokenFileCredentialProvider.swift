import Foundation

/// A bearer token read from a file (kubeconfig `tokenFile`, the in-cluster service account token).
/// The file is re-read when the last read is older than `refreshInterval` and after `invalidate()`,
/// so rotated tokens are picked up.
public actor TokenFileCredentialProvider: CredentialProvider {
    private enum State {
        case unread
        case read(token: String, at: Date)
    }

    public let path: String
    private let base: Credentials
    private let refreshInterval: TimeInterval
    private let now: @Sendable () -> Date
    private var state = State.unread

    /// - Parameter base: other credentials (a client certificate) sent along with the token.
    public init(
        path: String,
        base: Credentials = Credentials(),
        refreshInterval: Duration = .seconds(60),
        now: @escaping @Sendable () -> Date
    ) {
        self.path = path
        self.base = base
        let (seconds, attoseconds) = refreshInterval.components
        self.refreshInterval = TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
        self.now = now
    }

    public func currentCredentials() async throws(CredentialError) -> Credentials {
        let current = now()
        switch state {
        case .read(let token, let readAt) where current.timeIntervalSince(readAt) < refreshInterval:
            return credentials(token)
        case .read, .unread:
            let token = try Self.readToken(path)
            state = .read(token: token, at: current)
            return credentials(token)
        }
    }

    public func invalidate() async {
        state = .unread
    }

    private func credentials(_ token: String) -> Credentials {
        var credentials = base
        credentials.bearerToken = token
        return credentials
    }

    /// The file's contents without surrounding whitespace; an empty file is an error.
    static func readToken(_ path: String) throws(CredentialError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CredentialError("cannot read token file \(path): \(FileAccess.reason(path))")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw CredentialError("token file \(path) is empty") }
        return token
    }
}
