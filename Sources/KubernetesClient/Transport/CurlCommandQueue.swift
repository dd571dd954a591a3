import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Work for the curl thread.
enum CurlCommand: Sendable {
    case start(TransferID, CurlTransferSpec, any TransferSink)
    case resume(TransferID)
    case cancel(TransferID)
    case shutdown
}

/// The mailbox of the curl thread: a locked FIFO plus a self-pipe whose read end the thread polls
/// next to curl's sockets, so a submission wakes `curl_multi_poll` at once. The pipe is closed
/// when the last holder (engine, thread) lets go, so no write can hit a reused descriptor.
final class CurlCommandQueue: Sendable {
    private let commands = Mutex<[CurlCommand]>([])
    let wakeReadFD: Int32
    private let wakeWriteFD: Int32

    init() throws(TransportError) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw TransportError(.other, "could not create the curl wake-up pipe (errno \(errno))")
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wakeReadFD = fds[0]
        wakeWriteFD = fds[1]
    }

    deinit {
        close(wakeReadFD)
        close(wakeWriteFD)
    }

    func submit(_ command: CurlCommand) {
        commands.withLock { $0.append(command) }
        var byte: UInt8 = 1
        // A full pipe (EAGAIN) already guarantees a wake-up; nothing else can fail here.
        _ = write(wakeWriteFD, &byte, 1)
    }

    func takeAll() -> [CurlCommand] {
        commands.withLock { commands in
            defer { commands.removeAll(keepingCapacity: true) }
            return commands
        }
    }

    /// Empties the pipe after a wake-up.
    func drainWakeUps() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeReadFD, &buffer, buffer.count) > 0 {}
    }
}
