import Foundation
import Logging

/// One log record, ready to render.
public struct LogLine: Sendable, Equatable {
    public var time: Date
    public var level: Logger.Level
    public var message: String
    public var logger: String
    /// Metadata as flat string fields (nested dictionaries as dotted keys).
    public var fields: [String: String]
    public var source: String?

    /// Keys of the record itself; metadata with one of these names is written as `meta.<key>`.
    static let reservedKeys: Set<String> = ["time", "level", "msg", "logger", "source"]

    /// `{"time":"…Z","level":"info","msg":"…","logger":"…","source":"…",<fields sorted by key>}`.
    public var json: String {
        var pairs: [(String, String)] = [
            ("time", Self.rfc3339(time)), ("level", level.rawValue), ("msg", message), ("logger", logger),
        ]
        if let source, !source.isEmpty {
            pairs.append(("source", source))
        }
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            pairs.append((Self.reservedKeys.contains(key) ? "meta.\(key)" : key, value))
        }
        return "{" + pairs.map { "\(Self.quoted($0.0)):\(Self.quoted($0.1))" }.joined(separator: ",") + "}"
    }

    /// `2026-01-02T03:04:05.678Z info logger: message key=value …`.
    public var text: String {
        var line = "\(Self.rfc3339(time)) \(level.rawValue) \(logger): \(message)"
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            let needsQuotes = value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline })
            line += " \(key)=\(needsQuotes ? Self.quoted(value) : value)"
        }
        return line
    }

    /// Flattens metadata: nested dictionaries become dotted keys, arrays their bracketed list.
    public static func flatten(_ metadata: Logger.Metadata, prefix: String = "") -> [String: String] {
        var fields: [String: String] = [:]
        for (key, value) in metadata {
            let name = prefix.isEmpty ? key : "\(prefix).\(key)"
            switch value {
            case .string(let text): fields[name] = text
            case .stringConvertible(let convertible): fields[name] = convertible.description
            case .dictionary(let nested): fields.merge(flatten(nested, prefix: name)) { _, new in new }
            case .array(let values): fields[name] = "[" + values.map(\.description).joined(separator: ", ") + "]"
            }
        }
        return fields
    }

    /// RFC 3339 in UTC with milliseconds: `2026-01-02T03:04:05.678Z`.
    public static func rfc3339(_ date: Date) -> String {
        // Whole milliseconds first, so binary fractions like .678 do not print as .677.
        let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (quotient, remainder) = totalMillis.quotientAndRemainder(dividingBy: 1000)
        var seconds = time_t(remainder < 0 ? quotient - 1 : quotient)
        let millis = Int(remainder < 0 ? remainder + 1000 : remainder)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
