import Foundation

/// A bind address from a flag: `:8080` (all interfaces), `127.0.0.1:0` (a free loopback port),
/// `[::1]:9090`, or `0` (the server is disabled).
public enum ListenAddress: Sendable, Equatable, CustomStringConvertible {
    case disabled
    case host(String, port: Int)

    /// Parses a flag value.
    public init(parsing text: String) throws(ListenAddressError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "0" {
            self = .disabled
            return
        }
        guard let colon = trimmed.lastIndex(of: ":") else {
            throw ListenAddressError(text: text, problem: "expected [host]:port, or 0 to disable")
        }
        var host = String(trimmed[..<colon])
        let portText = trimmed[trimmed.index(after: colon)...]
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw ListenAddressError(text: text, problem: "the port must be a number from 0 to 65535")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        }
        if host.isEmpty {
            host = "0.0.0.0"
        }
        guard !host.contains(where: { $0 == " " || $0 == "/" }) else {
            throw ListenAddressError(text: text, problem: "invalid host '\(host)'")
        }
        self = .host(host, port: port)
    }

    public var description: String {
        switch self {
        case .disabled: "0"
        case .host(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }
}

/// A bind address that could not be parsed.
public struct ListenAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var problem: String

    public var description: String { "invalid bind address '\(text)': \(problem)" }
}
