import Foundation

/// Human-readable figures.
enum Figures {
    /// One line on stdout, unbuffered: figures appear as they are measured, even through a pipe.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }
    static func rate(_ count: Int, _ seconds: Double) -> String {
        seconds > 0 ? String(format: "%.0f", Double(count) / seconds) : "inf"
    }
    static func mebibytes(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
    static func ratio(_ value: Double) -> String { String(format: "%.2f", value) }
    static func micros(_ seconds: Double) -> String { String(format: "%.1f µs", seconds * 1_000_000) }
}

extension Duration {
    /// This duration in seconds.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
