import KubernetesClient
import Synchronization

/// The streamed bodies a `ScriptedTransport` plays.
enum ScriptedBody {
    static func stream(chunks: [[UInt8]], ending: ScriptedTransport.StreamEnding) -> HTTPBodyStream {
        HTTPBodyStream(makeNext: {
            let remaining = Mutex(chunks[...])
            return {
                if let chunk = remaining.withLock({ $0.popFirst() }) { return chunk }
                switch ending {
                case .end:
                    return nil
                case .fail(let error):
                    throw error
                case .hang:
                    // An AsyncStream that never yields ends only when the task is cancelled.
                    let (never, continuation) = AsyncStream<Never>.makeStream()
                    for await _ in never {}
                    continuation.finish()
                    throw CancellationError()
                }
            }
        })
    }
}
