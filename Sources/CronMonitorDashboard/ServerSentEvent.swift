/// One message of a `text/event-stream` (server-sent events), framed as the HTML standard's
/// event-stream format: `field: value` lines ended by a blank line.
public enum ServerSentEvent: Sendable, Equatable {
    /// An event: `event:` name, one `data:` line per line of `data`, and an optional `id:`.
    case message(event: String, data: String, id: String? = nil)
    /// How long a browser waits before reconnecting, in milliseconds.
    case retry(milliseconds: Int)
    /// A comment line: keeps idle connections (and proxies) from timing out.
    case comment(String)

    /// The bytes on the wire. Line breaks inside values cannot end a field early: `data` is split
    /// into several `data:` lines, and the other fields lose theirs.
    public var frame: String {
        switch self {
        case .message(let event, let data, let id):
            var text = "event: \(Self.oneLine(event))\n"
            if let id { text += "id: \(Self.oneLine(id))\n" }
            for line in Self.lines(of: data) { text += "data: \(line)\n" }
            return text + "\n"
        case .retry(let milliseconds):
            return "retry: \(max(milliseconds, 0))\n\n"
        case .comment(let text):
            return ": \(Self.oneLine(text))\n\n"
        }
    }

    private static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
    }

    private static func oneLine(_ text: String) -> String {
        String(text.filter { $0 != "\n" && $0 != "\r" && $0 != "\r\n" })
    }
}
