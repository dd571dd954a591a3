/// Leader-election periods. Defaults: lease 15 s, renew deadline 10 s, retry 2 s.
public struct LeaseTiming: Sendable, Equatable {
    /// How long a holder's lease is honoured after its last observed change.
    public let leaseDuration: Duration
    /// How long a leader keeps trying to renew before it gives up leadership.
    public let renewDeadline: Duration
    /// How often candidates and the leader read and write the Lease.
    public let retryPeriod: Duration

    public static let standard = LeaseTiming(
        uncheckedLeaseDuration: .seconds(15), renewDeadline: .seconds(10), retryPeriod: .seconds(2))

    /// Validated: lease > renew deadline > 1.2 × retry period, all positive.
    public init(leaseDuration: Duration, renewDeadline: Duration, retryPeriod: Duration) throws(LeaseTimingError) {
        guard retryPeriod > .zero else { throw .nonPositiveRetryPeriod }
        guard leaseDuration > renewDeadline else { throw .leaseNotLongerThanRenewDeadline }
        guard renewDeadline > retryPeriod * 1.2 else { throw .renewDeadlineTooShortForRetryPeriod }
        self.init(uncheckedLeaseDuration: leaseDuration, renewDeadline: renewDeadline, retryPeriod: retryPeriod)
    }

    private init(uncheckedLeaseDuration: Duration, renewDeadline: Duration, retryPeriod: Duration) {
        self.leaseDuration = uncheckedLeaseDuration
        self.renewDeadline = renewDeadline
        self.retryPeriod = retryPeriod
    }
}

/// Why leader-election periods were refused.
public enum LeaseTimingError: Error, Sendable, Equatable, CustomStringConvertible {
    case nonPositiveRetryPeriod
    case leaseNotLongerThanRenewDeadline
    case renewDeadlineTooShortForRetryPeriod

    public var description: String {
        switch self {
        case .nonPositiveRetryPeriod: "the retry period must be positive"
        case .leaseNotLongerThanRenewDeadline: "the lease duration must be longer than the renew deadline"
        case .renewDeadlineTooShortForRetryPeriod: "the renew deadline must be longer than 1.2 × the retry period"
        }
    }
}
