import Foundation
import Logging

/// A `LogHandler` that renders each event as one line in a `LogFormat` and hands it to `write`.
public struct LineLogHandler: LogHandler {
    public let label: String
    public let format: LogFormat
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let now: @Sendable () -> Date
    private let write: @Sendable (String) -> Void

    public init(
        label: String, format: LogFormat, logLevel: Logger.Level,
        metadataProvider: Logger.MetadataProvider? = nil,
        now: @escaping @Sendable () -> Date, write: @escaping @Sendable (String) -> Void
    ) {
        self.label = label
        self.format = format
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
        self.now = now
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let own = event.metadata {
            merged.merge(own) { _, new in new }
        }
        let line = LogLine(
            time: now(), level: event.level, message: event.message.description, logger: label,
            fields: LogLine.flatten(merged), source: event.source)
        switch format {
        case .json: write(line.json)
        case .text: write(line.text)
        }
    }
}
