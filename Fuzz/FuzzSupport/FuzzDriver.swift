internal import CLibFuzzer
import Foundation

/// Runs libFuzzer with this process's arguments (`-max_total_time=60 corpus/` and so on).
///
/// The targets are executables with an `@main` that calls this, rather than files defining
/// `LLVMFuzzerTestOneInput` for libFuzzer's own `main`: SwiftPM links every executable target
/// with its own entry point, which libFuzzer's `main` would clash with.
public enum FuzzDriver {
    /// `testOneInput` gets each input and returns 0; it crashes (a trap) when it finds a bug.
    public static func run(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    }

    /// The input as an array (libFuzzer passes a null pointer for the empty input).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }
}
