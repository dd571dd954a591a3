import NIOCore
import NIOHTTP1

/// Writes the response to one request. Either `respond(...)` once, or `startStream`, any number
/// of `send`, then `finish`. Every write is flushed, so each streamed chunk leaves at once as one
/// HTTP/1.1 chunk.
public struct LoopbackResponder: Sendable {
    let channel: any Channel

    /// A complete response with `Content-Length`.
    public func respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) async throws {
        var fields = HTTPHeaders(headers)
        fields.replaceOrAdd(name: "content-length", value: String(body.count))
        try await channel.writeAndFlush(
            HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: fields)))
        if !body.isEmpty {
            try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: body))))
        }
        try await channel.writeAndFlush(HTTPServerResponsePart.end(nil))
    }

    public func respond(status: Int, headers: [(String, String)] = [], text: String) async throws {
        try await respond(status: status, headers: headers, body: Array(text.utf8))
    }

    /// Sends the head of a chunked response; the connection stays open for `send`.
    public func startStream(status: Int = 200, headers: [(String, String)] = []) async throws {
        var fields = HTTPHeaders(headers)
        fields.remove(name: "content-length")
        try await channel.writeAndFlush(
            HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: fields)))
    }

    /// Sends one chunk and flushes it.
    public func send(_ chunk: [UInt8]) async throws {
        try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: chunk))))
    }

    /// Ends a chunked response.
    public func finish() async throws {
        try await channel.writeAndFlush(HTTPServerResponsePart.end(nil))
    }

    /// Returns when the connection of this request has closed (by either side).
    public func waitForClose() async {
        try? await channel.closeFuture.get()
    }

    /// Drops the connection without finishing the response.
    public func abort() async {
        try? await channel.close()
    }
}
