extension Array where Element == UInt8 {
    /// The parts before and after the first `separator` (the whole and `nil` without one).
    public func splitOnce(at separator: UInt8) -> (head: [UInt8], tail: [UInt8]?) {
        guard let index = firstIndex(of: separator) else { return (self, nil) }
        return (Array(self[..<index]), Array(self[(index + 1)...]))
    }

    /// Chunks of the sizes cycled from `sizes` (each at least 1), covering the whole array.
    public func chunked(cycling sizes: [Int]) -> [[UInt8]] {
        var chunks: [[UInt8]] = []
        var start = 0
        var turn = 0
        while start < count {
            let size = Swift.max(1, sizes.isEmpty ? count : sizes[turn % sizes.count])
            let end = Swift.min(count, start + size)
            chunks.append(Array(self[start..<end]))
            start = end
            turn += 1
        }
        return chunks
    }

    /// A 64-bit FNV-1a hash: a deterministic choice derived from the input.
    public var fnv1a: UInt64 {
        reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
