/// Stops the fuzzer with a message when a property the fuzz target checks does not hold
/// (a crash that libFuzzer records as an input to reproduce).
public func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz property violated: \(message())") }
}
