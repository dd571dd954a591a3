import Foundation
import KubernetesRuntime
#if canImport(Glibc)
import Glibc
#endif

/// This process's CPU time and memory, from getrusage and /proc/self (Linux).
enum ProcessMetrics {
    /// User + system CPU seconds consumed by every thread of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// CPU seconds consumed by the calling thread so far (`CLOCK_THREAD_CPUTIME_ID`).
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }

    /// Resident set size now (VmRSS), in bytes.
    static func residentBytes() throws(BenchError) -> Int {
        try statusKilobytes("VmRSS") * 1024
    }

    /// Peak resident set size since start or the last `resetPeak()` (VmHWM), in bytes.
    static func peakResidentBytes() throws(BenchError) -> Int {
        try statusKilobytes("VmHWM") * 1024
    }

    /// Resets VmHWM to the current RSS (writing 5 to /proc/self/clear_refs, Linux ≥ 4.0).
    static func resetPeak() throws(BenchError) {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { throw .measurement("cannot open /proc/self/clear_refs to reset the peak RSS") }
        defer { close(fd) }
        let written = "5".utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, 1) }
        guard written == 1 else { throw .measurement("cannot reset the peak RSS through /proc/self/clear_refs") }
    }

    /// Returns freed heap pages to the system (glibc keeps them otherwise), so RSS shows what is live.
    static func trimHeap() {
        FreedPages.release()
    }

    /// Threads of this process (the `Threads:` line).
    static func threadCount() -> Int {
        (try? statusValue("Threads")) ?? 0
    }

    private static func statusKilobytes(_ field: String) throws(BenchError) -> Int {
        try statusValue(field)
    }

    private static func statusValue(_ field: String) throws(BenchError) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
            throw .measurement("cannot read /proc/self/status (Linux only)")
        }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let number = line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) }
            guard let number else { break }
            return number
        }
        throw .measurement("no \(field) in /proc/self/status")
    }
}
