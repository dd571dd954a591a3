import Foundation
import Logging

/// How log lines are written: one JSON object per line (the default, for log collectors), or
/// plain text for people.
public enum LogFormat: String, Sendable, Equatable, CaseIterable {
    case json
    case text

    /// A handler factory for `LoggingSystem.bootstrap`, writing to standard error.
    public func makeHandlerFactory(
        level: Logger.Level,
        now: @escaping @Sendable () -> Date = Date.init,
        write: @escaping @Sendable (String) -> Void = LogOutput.standardError
    ) -> @Sendable (String) -> any LogHandler {
        { label in
            LineLogHandler(label: label, format: self, logLevel: level, now: now, write: write)
        }
    }
}

/// Where log lines go.
public enum LogOutput {
    /// Writes a line to standard error in one `write`, so concurrent lines never interleave.
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
