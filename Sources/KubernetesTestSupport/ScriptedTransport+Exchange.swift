import Foundation
import KubernetesClient
import KubernetesModel

extension ScriptedTransport {
    /// Inspects a request; returns a description of what is wrong, or `nil` when it is fine.
    public typealias RequestCheck = @Sendable (HTTPRequest) -> String?

    /// One expected request and its reply.
    public struct Exchange: Sendable {
        public var method: HTTPMethod
        /// Path and query exactly as sent (percent-encoded).
        public var path: String
        public var checks: [RequestCheck]
        public var reply: Reply

        public init(_ method: HTTPMethod, _ path: String, checks: [RequestCheck] = [], reply: Reply) {
            self.method = method
            self.path = path
            self.checks = checks
            self.reply = reply
        }

        public static func get(_ path: String, checks: [RequestCheck] = [], reply: Reply) -> Exchange {
            Exchange(.get, path, checks: checks, reply: reply)
        }

        /// A streaming GET whose reply is the given chunks.
        public static func watch(_ path: String, checks: [RequestCheck] = [], reply: Reply) -> Exchange {
            Exchange(.get, path, checks: [Self.isStreaming] + checks, reply: reply)
        }

        public static func post(_ path: String, body: JSONValue? = nil, checks: [RequestCheck] = [], reply: Reply) -> Exchange {
            Exchange(.post, path, checks: (body.map { [Self.body($0)] } ?? []) + checks, reply: reply)
        }

        /// A PATCH with the given content type and (JSON-equal) body.
        public static func patch(
            _ path: String, contentType: String, body: JSONValue, checks: [RequestCheck] = [], reply: Reply
        ) -> Exchange {
            Exchange(.patch, path, checks: [header("Content-Type", contentType), Self.body(body)] + checks, reply: reply)
        }

        public static func put(_ path: String, body: JSONValue? = nil, checks: [RequestCheck] = [], reply: Reply) -> Exchange {
            Exchange(.put, path, checks: (body.map { [Self.body($0)] } ?? []) + checks, reply: reply)
        }

        public static func delete(_ path: String, body: JSONValue? = nil, checks: [RequestCheck] = [], reply: Reply) -> Exchange {
            Exchange(.delete, path, checks: (body.map { [Self.body($0)] } ?? []) + checks, reply: reply)
        }

        /// The body parses as JSON equal to `expected` (key order and spacing do not matter).
        public static func body(_ expected: JSONValue) -> RequestCheck {
            { request in
                guard let data = request.body else { return "expected a body, got none" }
                guard let actual = try? JSONDecoder().decode(JSONValue.self, from: data) else {
                    return "body is not JSON: \(String(decoding: data, as: UTF8.self))"
                }
                guard actual == expected else {
                    return "body \(String(decoding: data, as: UTF8.self)) differs from the expected \(expected)"
                }
                return nil
            }
        }

        /// The header `name` has exactly `value`.
        public static func header(_ name: String, _ value: String) -> RequestCheck {
            { request in
                let actual = request.headers.first { $0.key.lowercased() == name.lowercased() }?.value
                return actual == value ? nil : "header \(name) is \(actual ?? "absent"), expected \(value)"
            }
        }

        /// The request is marked streaming (a watch).
        public static let isStreaming: RequestCheck = { request in
            request.isStreaming ? nil : "expected a streaming request"
        }
    }

    /// What the transport answers.
    public enum Reply: Sendable {
        case response(HTTPResponse)
        /// A streamed body delivered in `chunks`, then ending as `ending` says.
        case stream(status: Int, headers: [String: String], chunks: [[UInt8]], ending: StreamEnding)
        /// No response at all.
        case failure(TransportError)

        /// A JSON body with the given status.
        public static func json(_ status: Int, _ body: String, headers: [String: String] = [:]) -> Reply {
            var headers = headers
            headers["content-type"] = "application/json"
            return .response(HTTPResponse(status: status, headers: headers, body: Data(body.utf8)))
        }

        /// An encodable value as a JSON body.
        public static func json(_ status: Int, encoding value: some Encodable, headers: [String: String] = [:]) -> Reply {
            let body = (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return json(status, body, headers: headers)
        }

        /// A `Status` error body as the API server writes it, with `Retry-After` when given.
        public static func status(
            _ code: Int, reason: String, message: String, retryAfterSeconds: Int? = nil
        ) -> Reply {
            let status = Status(
                status: "Failure", message: message, reason: reason,
                details: retryAfterSeconds.map { StatusDetails(retryAfterSeconds: $0) }, code: code)
            let headers = retryAfterSeconds.map { ["retry-after": String($0)] } ?? [:]
            return json(code, encoding: status, headers: headers)
        }

        /// A 200 watch stream of the given lines (each followed by a newline).
        public static func events(_ lines: [String], ending: StreamEnding = .end) -> Reply {
            .stream(status: 200, headers: ["content-type": "application/json"],
                    chunks: lines.map { Array(($0 + "\n").utf8) }, ending: ending)
        }
    }

    /// How a scripted stream ends after its chunks.
    public enum StreamEnding: Sendable {
        /// The server ends the response.
        case end
        /// The connection breaks.
        case fail(TransportError)
        /// Nothing more arrives until the consuming task is cancelled (then `CancellationError`).
        case hang
    }
}
