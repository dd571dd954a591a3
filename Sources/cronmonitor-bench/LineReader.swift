import Foundation
import Synchronization

/// Lines from a pipe, read with blocking `read` on a dispatch thread (not the cooperative pool).
final class LineReader: Sendable {
    private let descriptor: Int32
    private let buffer = Mutex<[UInt8]>([])

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    func nextLine() async throws -> String {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try self.readLineBlocking() })
            }
        }
    }

    private func readLineBlocking() throws(BenchError) -> String {
        while true {
            let line = buffer.withLock { buffer -> String? in
                guard let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            if let line { return line }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw .simulator("the simulator process ended") }
            buffer.withLock { $0.append(contentsOf: chunk[..<count]) }
        }
    }
}
