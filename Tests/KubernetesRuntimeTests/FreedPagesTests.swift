import KubernetesRuntime
import Testing

/// `FreedPages.release()` finds glibc's `malloc_trim` (its effect on the operator's RSS is
/// measured by `cronmonitor-bench startup`, see Benchmarks.md).
@Suite struct FreedPagesTests {
    @Test func theAllocatorCanBeAskedToReturnFreedPages() {
        #if canImport(Glibc)
        #expect(FreedPages.release())
        #else
        #expect(!FreedPages.release())
        #endif
    }
}
