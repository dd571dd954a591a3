#if canImport(Glibc)
import Glibc
#endif

/// Gives back to the system the heap pages that glibc's allocator keeps once their memory is
/// freed. A cache's initial list decodes pages of objects whose temporaries are freed in the
/// middle of the heap, among the objects kept: glibc returns only the top of the heap by
/// itself, so without this the process stays as large as the list's peak.
public enum FreedPages {
    /// Returns freed pages (`malloc_trim(0)`); false where the C library has no `malloc_trim`.
    /// It is looked up at run time: Glibc's Swift module does not export malloc.h.
    @discardableResult
    public static func release() -> Bool {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return false }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        return true
        #else
        return false
        #endif
    }
}
