import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Another process's memory and CPU, from `/proc/<pid>/status` and `/proc/<pid>/stat` (Linux).
enum ChildMetrics {
    /// Resident set size now (VmRSS), in bytes.
    static func residentBytes(of pid: Int32) throws(BenchError) -> Int { try kilobytes("VmRSS", of: pid) * 1024 }

    /// Peak resident set size since the process started (VmHWM), in bytes.
    static func peakResidentBytes(of pid: Int32) throws(BenchError) -> Int { try kilobytes("VmHWM", of: pid) * 1024 }

    /// User + system CPU seconds the process has consumed so far (`utime` + `stime`, fields 14
    /// and 15 of `/proc/<pid>/stat`, in clock ticks); nil once it has ended.
    static func cpuSeconds(of pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let nameEnd = text.lastIndex(of: ")")
        else { return nil }
        // After the command name (which may hold spaces): field 3 (state) onwards.
        let fields = text[text.index(after: nameEnd)...].split(separator: " ")
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]), ticksPerSecond > 0
        else { return nil }
        return (user + system) / ticksPerSecond
    }

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
