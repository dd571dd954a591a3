import NIOCore
import NIOHTTP1

/// Collects each request of one connection and hands it, complete, to the server's handler on a
/// new task. Lives on the channel's event loop only.
final class LoopbackConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart

    private let connectionID: Int
    private let registry: LoopbackRegistry
    private let handler: LoopbackServer.Handler
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(connectionID: Int, registry: LoopbackRegistry, handler: @escaping LoopbackServer.Handler) {
        self.connectionID = connectionID
        self.registry = registry
        self.handler = handler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            self.head = nil
            var headers: [String: [String]] = [:]
            for (name, value) in head.headers {
                headers[name.lowercased(), default: []].append(value)
            }
            let request = LoopbackRequest(
                method: head.method.rawValue, uri: head.uri, headers: headers, body: body,
                connectionID: connectionID)
            registry.record(request)
            let responder = LoopbackResponder(channel: context.channel)
            let handler = handler
            Task {
                do {
                    try await handler(request, responder)
                } catch {
                    await responder.abort()
                }
            }
        }
    }
}
