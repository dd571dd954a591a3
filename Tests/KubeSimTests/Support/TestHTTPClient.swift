import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KubernetesModel
import Synchronization
@testable import KubeSim

/// A small HTTP client for talking to KubeSim over loopback in tests.
struct TestHTTPClient: Sendable {
    struct Reply: Sendable {
        var status: Int
        var contentType: String
        var body: JSONValue
        var text: String
        var retryAfter: String?
        var warning: String? = nil
    }

    var baseURL: URL
    var token: String?

    func request(_ method: String, _ path: String, body: String? = nil, contentType: String = "application/json",
                 accept: String? = nil, token: String?? = nil) async throws -> Reply {
        guard let url = URL(string: baseURL.absoluteString + path) else { throw TestFailure("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let bearer = token ?? self.token { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        if let accept { request.setValue(accept, forHTTPHeaderField: "Accept") }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw TestFailure("not an HTTP response") }
        let text = String(decoding: data, as: UTF8.self)
        let json = (try? JSONParser.parse(Array(data))) ?? .null
        return Reply(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type") ?? "", body: json, text: text,
                     retryAfter: http.value(forHTTPHeaderField: "Retry-After"), warning: http.value(forHTTPHeaderField: "Warning"))
    }

    /// Opens a watch and returns its events (one decoded JSON object per line).
    func watch(_ path: String) throws -> WatchConnection {
        guard let url = URL(string: baseURL.absoluteString + path) else { throw TestFailure("bad path \(path)") }
        var request = URLRequest(url: url)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        return WatchConnection(request: request)
    }
}

/// A streaming GET whose body is split into lines and decoded as JSON.
final class WatchConnection: NSObject, URLSessionDataDelegate, Sendable {
    let events: AsyncStream<JSONValue>
    private let continuation: AsyncStream<JSONValue>.Continuation
    private let pending = Mutex<[UInt8]>([])
    private let session = Mutex<URLSession?>(nil)

    init(request: URLRequest) {
        (events, continuation) = AsyncStream.makeStream(of: JSONValue.self)
        super.init()
        let session = URLSession(configuration: .ephemeral, delegate: self, delegateQueue: nil)
        self.session.withLock { $0 = session }
        session.dataTask(with: request).resume()
    }

    func close() {
        session.withLock { $0?.invalidateAndCancel(); $0 = nil }
        continuation.finish()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let lines = pending.withLock { buffer -> [[UInt8]] in
            buffer.append(contentsOf: data)
            var lines: [[UInt8]] = []
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(Array(buffer[..<newline]))
                buffer.removeSubrange(...newline)
            }
            return lines
        }
        // A line that is not JSON arrives as a string holding its text.
        for line in lines where !line.isEmpty {
            continuation.yield((try? JSONParser.parse(line)) ?? .string(String(decoding: line, as: UTF8.self)))
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        continuation.finish()
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Parses JSON text written in a test.
func json(_ text: String) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}

extension JSONValue {
    /// Reads a dotted path such as `metadata.resourceVersion` (tests only).
    func at(_ path: String) -> JSONValue? {
        var current: JSONValue? = self
        for key in path.split(separator: ".") {
            if let index = Int(key), let elements = current?.arrayValue {
                current = elements.indices.contains(index) ? elements[index] : nil
            } else {
                current = current?[String(key)]
            }
        }
        return current
    }
}
