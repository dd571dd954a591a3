import NIOCore
import Synchronization

/// The mutable bookkeeping of a loopback server: recorded requests and open connections.
final class LoopbackRegistry: Sendable {
    private struct State {
        var requests: [LoopbackRequest] = []
        var connections: [Int: any Channel] = [:]
        var nextConnectionID = 0
        var closedConnections = 0
    }

    private let state = Mutex(State())

    func record(_ request: LoopbackRequest) {
        state.withLock { $0.requests.append(request) }
    }

    var requests: [LoopbackRequest] {
        state.withLock { $0.requests }
    }

    var closedConnections: Int {
        state.withLock { $0.closedConnections }
    }

    /// Registers a new connection and returns its number; forgets it when it closes.
    func open(_ channel: any Channel) -> Int {
        let id = state.withLock { state in
            let id = state.nextConnectionID
            state.nextConnectionID += 1
            state.connections[id] = channel
            return id
        }
        channel.closeFuture.whenComplete { _ in
            self.state.withLock { state in
                state.connections[id] = nil
                state.closedConnections += 1
            }
        }
        return id
    }

    var openConnections: [any Channel] {
        state.withLock { Array($0.connections.values) }
    }
}
