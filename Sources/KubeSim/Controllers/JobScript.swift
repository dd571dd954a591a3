import KubernetesModel

/// How a simulated Job behaves, read from its annotations:
/// `kubesim.cronmonitor.io/run-seconds` (how long it runs) and
/// `kubesim.cronmonitor.io/outcome` (`succeed`, `fail` or `hang`).
public struct JobScript: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable {
        case succeed
        case fail
        case hang
    }

    public static let runSecondsAnnotation = "kubesim.cronmonitor.io/run-seconds"
    public static let outcomeAnnotation = "kubesim.cronmonitor.io/outcome"

    public var runSeconds: Int
    public var outcome: Outcome

    public init(runSeconds: Int, outcome: Outcome) {
        self.runSeconds = runSeconds
        self.outcome = outcome
    }

    /// The script of `job`; missing annotations take the defaults, malformed ones are an error.
    public init(job: JSONValue, defaultRunSeconds: Int) throws(JobScriptError) {
        let annotations = job["metadata"]?["annotations"]
        runSeconds = defaultRunSeconds
        outcome = .succeed
        if let text = annotations?[Self.runSecondsAnnotation]?.stringValue {
            guard let seconds = Int(text), seconds >= 0 else {
                throw JobScriptError(annotation: Self.runSecondsAnnotation, value: text, expected: "a non-negative integer")
            }
            runSeconds = seconds
        }
        if let text = annotations?[Self.outcomeAnnotation]?.stringValue {
            guard let outcome = Outcome(rawValue: text) else {
                throw JobScriptError(annotation: Self.outcomeAnnotation, value: text, expected: "succeed, fail or hang")
            }
            self.outcome = outcome
        }
    }
}

/// A Job annotation the simulator cannot read.
public struct JobScriptError: Error, Sendable, Equatable, CustomStringConvertible {
    public var annotation: String
    public var value: String
    public var expected: String

    public var description: String {
        "annotation \(annotation) is \"\(value)\"; expected \(expected)"
    }
}
