import Foundation

/// Another process's memory, from `/proc/<pid>/status` (Linux).
enum ChildMetrics {
    /// Resident set size now (VmRSS), in bytes.
    static func residentBytes(of pid: Int32) throws(BenchError) -> Int { try kilobytes("VmRSS", of: pid) * 1024 }

    /// Peak resident set size since the process started (VmHWM), in bytes.
    static func peakResidentBytes(of pid: Int32) throws(BenchError) -> Int { try kilobytes("VmHWM", of: pid) * 1024 }

    private static func kilobytes(_ field: String, of pid: Int32) throws(BenchError) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else {
            throw .measurement("cannot read /proc/\(pid)/status (has the process ended?)")
        }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let number = line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) }
            if let number { return number }
        }
        throw .measurement("no \(field) in /proc/\(pid)/status")
    }
}
