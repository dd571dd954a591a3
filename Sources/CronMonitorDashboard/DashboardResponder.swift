import CronMonitorAPI
import Foundation
import HTTPTypes
import Hummingbird
import KubernetesRuntime
import NIOCore

/// Answers every dashboard request: read-only (GET and HEAD; anything else 405), bounded (no
/// request body, a path of at most `DashboardRoute.maxPathLength`), exact (unknown paths 404),
/// and every response carries a Content-Security-Policy without inline script or style and
/// `X-Content-Type-Options: nosniff`.
public struct DashboardResponder: HTTPResponder {
    public typealias Context = BasicRequestContext

    let monitors: MonitorSource
    let feed: LiveFeed
    let now: @Sendable () -> Date

    public init(monitors: MonitorSource, feed: LiveFeed, now: @escaping @Sendable () -> Date = { Date() }) {
        self.monitors = monitors
        self.feed = feed
        self.now = now
    }

    /// Scripts, styles, images and fetches from this origin only; no frames, forms, plugins or
    /// inline code.
    public static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    public func respond(to request: Request, context: Context) async throws -> Response {
        let isHead = request.method == .head
        var response = answer(request, isHead: isHead)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        if let referrer = HTTPField.Name("Referrer-Policy") { response.headers[referrer] = "no-referrer" }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    private func answer(_ request: Request, isHead: Bool) -> Response {
        guard request.method == .get || isHead else {
            var response = Self.text(.methodNotAllowed, "only GET and HEAD are served: the dashboard is read-only\n")
            response.headers[.allow] = "GET, HEAD"
            return response
        }
        if request.headers[.transferEncoding] != nil || (request.headers[.contentLength].flatMap { Int($0) } ?? 0) > 0 {
            return Self.text(.contentTooLarge, "requests to the dashboard carry no body\n")
        }
        let path = request.uri.path
        guard path.utf8.count <= DashboardRoute.maxPathLength else { return Self.text(.uriTooLong, "path too long\n") }
        guard let route = DashboardRoute(path: path) else { return Self.text(.notFound, "not found\n") }
        let response = answer(route, isHead: isHead)
        return isHead ? Self.withoutBody(response) : response
    }

    private func answer(_ route: DashboardRoute, isHead: Bool) -> Response {
        switch route {
        case .overviewPage, .monitorPage:
            return Self.asset(.page)
        case .asset(let name):
            guard let asset = Asset.named(name) else { return Self.text(.notFound, "not found\n") }
            return Self.asset(asset)
        case .monitorList:
            return Self.json(MonitorList(monitors.list(), version: feed.version, now: now()))
        case .monitor(let key):
            guard let monitor = monitors.get(key) else { return Self.text(.notFound, "no CronMonitor \(key)\n") }
            return Self.json(MonitorDetail(monitor, events: monitors.events(monitor), now: now()))
        case .badge(let key):
            guard let monitor = monitors.get(key) else { return Self.text(.notFound, "no CronMonitor \(key)\n") }
            let badge = StatusBadge(label: key.name, health: MonitorHealth(status: monitor.status))
            var response = Self.body(.ok, Array(badge.svg.utf8), contentType: "image/svg+xml; charset=utf-8")
            response.headers[.cacheControl] = "no-cache"
            return response
        case .stream:
            return isHead ? Self.streamHead() : stream()
        }
    }

    /// `text/event-stream`: a `retry` hint and a `hello` with the current version, then a
    /// `changed` event naming the monitors that changed, keep-alive comments in between, until
    /// the subscription's lifetime ends (503 when `LiveFeed.Limits.maxSubscribers` are open).
    private func stream() -> Response {
        guard let messages = feed.subscribe() else {
            var response = Self.text(.serviceUnavailable, "too many live dashboards open; try again later\n")
            response.headers[.retryAfter] = "30"
            return response
        }
        let version = feed.version
        var response = Self.streamHead()
        response.body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: ServerSentEvent.retry(milliseconds: 3000).frame))
            try await writer.write(ByteBuffer(string: ServerSentEvent.message(event: "hello", data: "{\"version\":\(version)}").frame))
            for await message in messages {
                try await writer.write(ByteBuffer(string: Self.event(message).frame))
            }
            try await writer.finish(nil)
        }
        return response
    }

    static func event(_ message: LiveFeed.Message) -> ServerSentEvent {
        switch message {
        case .changed(let version, let monitors):
            let names = monitors.map(Self.jsonString).joined(separator: ",")
            return .message(event: "changed", data: "{\"version\":\(version),\"monitors\":[\(names)]}", id: "\(version)")
        case .keepAlive:
            return .comment("keep-alive")
        }
    }

    private static func streamHead() -> Response {
        var response = Response(status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8"])
        response.headers[.cacheControl] = "no-store"
        if let buffering = HTTPField.Name("X-Accel-Buffering") { response.headers[buffering] = "no" }
        return response
    }

    // MARK: Bodies

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func jsonString(_ text: String) -> String {
        (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    private static func json(_ value: some Encodable) -> Response {
        do {
            return body(.ok, Array(try encoder.encode(value)), contentType: "application/json")
        } catch {
            return text(.internalServerError, "could not encode the answer: \(error)\n")
        }
    }

    private static func asset(_ asset: Asset) -> Response {
        var response = body(.ok, asset.bytes, contentType: asset.contentType)
        response.headers[.cacheControl] = "no-cache"
        return response
    }

    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        body(status, Array(text.utf8), contentType: "text/plain; charset=utf-8")
    }

    private static func body(_ status: HTTPResponse.Status, _ bytes: [UInt8], contentType: String) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A HEAD answer: the GET answer's status and headers, and its length, without the body.
    private static func withoutBody(_ response: Response) -> Response {
        var head = response
        if let length = response.body.contentLength { head.headers[.contentLength] = "\(length)" }
        head.body = ResponseBody()
        return head
    }
}
