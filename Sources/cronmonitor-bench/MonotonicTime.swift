import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// CLOCK_MONOTONIC in nanoseconds: one clock for the benchmark and its children, so an instant
/// taken in the KubeSim child compares with one taken here (`ContinuousClock` instants cannot
/// cross a process boundary).
enum MonotonicTime {
    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    /// Seconds from `start` to `end` (nanoseconds).
    static func seconds(_ start: Int64, _ end: Int64) -> Double { Double(end - start) / 1e9 }
}
