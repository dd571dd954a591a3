/// Why the operator process ends, and with which exit status.
public enum OperatorTermination: Sendable, Equatable {
    /// SIGTERM or SIGINT: the operator was cancelled (its lease released), then the servers stopped.
    case signalled(String)
    /// The operator returned on its own.
    case operatorStopped
    /// The lease could not be renewed: this replica must exit and restart as a follower.
    case leadershipLost
    /// The operator or an HTTP server failed.
    case failed(String)

    /// 0 for an orderly stop, 1 otherwise.
    public var exitCode: Int32 {
        switch self {
        case .signalled, .operatorStopped: 0
        case .leadershipLost, .failed: 1
        }
    }
}
