import KubernetesClient
import Testing

@Suite struct LineFramerTests {
    /// Three events, with multi-byte UTF-8 (2, 3 and 4 byte sequences) so that some split points
    /// fall inside a character.
    static let payload = Array(
        """
        {"type":"ADDED","object":{"metadata":{"name":"café"}}}
        {"type":"MODIFIED","object":{"metadata":{"name":"日本"}}}
        {"type":"DELETED","object":{"metadata":{"name":"🦄-job"}}}

        """.utf8)

    static var expectedLines: [[UInt8]] {
        payload.split(separator: UInt8(ascii: "\n")).map(Array.init)
    }

    @Test func splitAtEveryBytePositionYieldsTheSameLines() throws {
        for split in 0...Self.payload.count {
            var framer = LineFramer()
            var lines = try framer.push(Array(Self.payload[..<split]))
            lines += try framer.push(Array(Self.payload[split...]))
            try framer.finish()
            #expect(lines == Self.expectedLines, "split at byte \(split)")
        }
    }

    @Test func byteAtATimeYieldsTheSameLines() throws {
        var framer = LineFramer()
        var lines: [[UInt8]] = []
        for byte in Self.payload {
            lines += try framer.push([byte])
        }
        try framer.finish()
        #expect(lines == Self.expectedLines)
    }

    @Test func severalLinesInOneChunk() throws {
        var framer = LineFramer()
        let lines = try framer.push(Self.payload + Self.payload)
        #expect(lines == Self.expectedLines + Self.expectedLines)
    }

    @Test func carriageReturnsAndEmptyLinesAreDropped() throws {
        var framer = LineFramer()
        let lines = try framer.push(Array("a\r\n\n\r\nb\n".utf8))
        #expect(lines == [Array("a".utf8), Array("b".utf8)])
    }

    @Test func lineAtTheBoundIsAccepted() throws {
        var framer = LineFramer(maxLineBytes: 8)
        #expect(try framer.push(Array("1234".utf8)) == [])
        #expect(try framer.push(Array("5678\n".utf8)) == [Array("12345678".utf8)])
    }

    @Test func lineOverTheBoundIsRefusedAcrossChunks() throws {
        var framer = LineFramer(maxLineBytes: 8)
        _ = try framer.push(Array("12345".utf8))
        #expect(throws: WatchFramingError.lineTooLong(limit: 8)) {
            try framer.push(Array("6789".utf8))
        }
    }

    @Test func lineOverTheBoundIsRefusedWithinOneChunk() throws {
        var framer = LineFramer(maxLineBytes: 4)
        #expect(throws: WatchFramingError.lineTooLong(limit: 4)) {
            try framer.push(Array("ok\n123456789\n".utf8))
        }
    }

    @Test func unterminatedLastLineIsReportedAtTheEnd() throws {
        var framer = LineFramer()
        _ = try framer.push(Array("{\"type\":\"ADD".utf8))
        #expect(throws: WatchFramingError.truncated(bytes: 12)) { try framer.finish() }
    }
}
