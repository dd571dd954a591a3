/// What the curl thread does with the bytes of a transfer.
enum BodyDisposition {
    /// The bytes were taken.
    case accepted
    /// The consumer lags: pause the transfer; curl delivers the same bytes again after resuming.
    case pause
    /// Nobody wants the bytes any more: abort the transfer.
    case abort
}

/// The status line and headers of a response.
struct ResponseHead: Sendable, Equatable {
    var status: Int
    /// Lower-cased names; repeated headers joined with `, `.
    var headers: [String: String]
}

/// The receiving end of a transfer. The curl thread calls `receiveHead` at most once, then
/// `receiveBody` any number of times, then `complete` exactly once.
protocol TransferSink: AnyObject, Sendable {
    /// `true` once the consumer has gone: the curl thread does not start (or stops) the transfer.
    var isCancelled: Bool { get }
    func receiveHead(_ head: ResponseHead)
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> BodyDisposition
    /// `nil` when the response ended normally.
    func complete(_ error: TransportError?)
}
