import ArgumentParser
import Logging
import OperatorServices

/// `--log-level` values.
enum LogLevelOption: String, CaseIterable, ExpressibleByArgument {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level {
        switch self {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        case .critical: .critical
        }
    }
}

/// `--log-format` values.
enum LogFormatOption: String, CaseIterable, ExpressibleByArgument {
    case json, text

    var format: LogFormat {
        switch self {
        case .json: .json
        case .text: .text
        }
    }
}
