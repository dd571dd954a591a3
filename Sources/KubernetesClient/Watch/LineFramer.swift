/// Splits a watch response body into lines, whatever the chunking: a line may arrive in many
/// chunks (split anywhere, inside a multi-byte UTF-8 character too) and one chunk may hold many
/// lines. Lines end with `\n` (an optional `\r` before it is dropped); empty lines are skipped.
/// A line longer than `maxLineBytes` is refused instead of buffered without bound.
public struct LineFramer: Sendable {
    public static let defaultMaxLineBytes = 16 * 1024 * 1024

    public let maxLineBytes: Int
    private var pending: [UInt8] = []

    public init(maxLineBytes: Int = LineFramer.defaultMaxLineBytes) {
        self.maxLineBytes = maxLineBytes
    }

    /// Feeds one chunk; returns the lines it completed, in order.
    public mutating func push(_ chunk: [UInt8]) throws(WatchFramingError) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = chunk.startIndex
        while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let piece = chunk[start..<newline]
            try checkBound(adding: piece.count)
            var line = pending
            pending = []
            line.append(contentsOf: piece)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if !line.isEmpty { lines.append(line) }
            start = chunk.index(after: newline)
        }
        let rest = chunk[start...]
        try checkBound(adding: rest.count)
        pending.append(contentsOf: rest)
        return lines
    }

    /// Declares the end of the body: an unterminated last line means the body was cut off.
    public func finish() throws(WatchFramingError) {
        let leftover = pending.filter { $0 != UInt8(ascii: "\r") }
        if !leftover.isEmpty { throw .truncated(bytes: leftover.count) }
    }

    private func checkBound(adding count: Int) throws(WatchFramingError) {
        if pending.count + count > maxLineBytes { throw .lineTooLong(limit: maxLineBytes) }
    }
}

/// Why a watch body could not be split into lines.
public enum WatchFramingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A line grew beyond the bound without ending.
    case lineTooLong(limit: Int)
    /// The body ended in the middle of a line.
    case truncated(bytes: Int)

    public var description: String {
        switch self {
        case .lineTooLong(let limit): "watch event line exceeds \(limit) bytes"
        case .truncated(let bytes): "watch body ended inside a line (\(bytes) bytes unterminated)"
        }
    }
}
