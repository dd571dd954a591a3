import FuzzSupport

/// Input: a patch document, optionally followed by a NUL byte and the target document.
@main
enum FuzzPatch {
    static func main() {
        FuzzDriver.run { data, size in
            PatchCheck.run(FuzzDriver.bytes(data, size))
            return 0
        }
    }
}
