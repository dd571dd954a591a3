import KubernetesModel

/// How a simulated Job behaves, read from its annotations:
/// `kubesim.cronmonitor.io/run-seconds` (how long it runs),
/// `kubesim.cronmonitor.io/outcome` (how it ends or why it never starts, see ``Outcome``) and
/// `kubesim.cronmonitor.io/exit-code` (the exit code of a `fail` run, 1...255, default 1).
public struct JobScript: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable, CaseIterable {
        /// Runs, then the container exits 0 and the Job completes.
        case succeed
        /// Runs, then the container exits with the script's exit code (reason `Error`).
        case fail
        /// Runs forever (only `activeDeadlineSeconds` ends it).
        case hang
        /// Runs, then the container is OOMKilled (exit 137).
        case oomKilled = "oom-killed"
        /// Runs, then the kubelet evicts the Pod under memory pressure.
        case evicted
        /// Scheduled, but the image cannot be pulled: never starts.
        case imagePullBackOff = "image-pull-backoff"
        /// Scheduled, but a ConfigMap the container needs is missing: never starts.
        case createContainerConfigError = "create-container-config-error"
        /// No node fits the Pod: never scheduled, never starts.
        case unschedulable
        /// The Job controller cannot create the Pod (an exhausted ResourceQuota): no Pod at all.
        case noPod = "no-pod"
    }

    public static let runSecondsAnnotation = "kubesim.cronmonitor.io/run-seconds"
    public static let outcomeAnnotation = "kubesim.cronmonitor.io/outcome"
    public static let exitCodeAnnotation = "kubesim.cronmonitor.io/exit-code"

    public var runSeconds: Int
    public var outcome: Outcome
    /// The container's exit code when the outcome is `fail`.
    public var exitCode: Int

    public init(runSeconds: Int, outcome: Outcome, exitCode: Int = 1) {
        self.runSeconds = runSeconds
        self.outcome = outcome
        self.exitCode = exitCode
    }

    /// The script of `job`; missing annotations take the defaults, malformed ones are an error.
    public init(job: JSONValue, defaultRunSeconds: Int) throws(JobScriptError) {
        let annotations = job["metadata"]?["annotations"]
        runSeconds = defaultRunSeconds
        outcome = .succeed
        exitCode = 1
        if let text = annotations?[Self.runSecondsAnnotation]?.stringValue {
            guard let seconds = Int(text), seconds >= 0 else {
                throw JobScriptError(annotation: Self.runSecondsAnnotation, value: text, expected: "a non-negative integer")
            }
            runSeconds = seconds
        }
        if let text = annotations?[Self.outcomeAnnotation]?.stringValue {
            guard let outcome = Outcome(rawValue: text) else {
                let names = Outcome.allCases.map(\.rawValue)
                throw JobScriptError(annotation: Self.outcomeAnnotation, value: text,
                                     expected: names.dropLast().joined(separator: ", ") + " or " + (names.last ?? ""))
            }
            self.outcome = outcome
        }
        if let text = annotations?[Self.exitCodeAnnotation]?.stringValue {
            guard let code = Int(text), (1...255).contains(code) else {
                throw JobScriptError(annotation: Self.exitCodeAnnotation, value: text, expected: "an integer from 1 to 255")
            }
            exitCode = code
        }
    }
}

extension JobScript.Outcome {
    /// How a run ends by itself once its run time is over.
    enum RunEnd: Sendable, Equatable {
        case succeeds
        case fails
    }

    /// nil: the run never ends by itself (only `activeDeadlineSeconds` ends it).
    var runEnd: RunEnd? {
        switch self {
        case .succeed: .succeeds
        case .fail, .oomKilled, .evicted: .fails
        case .hang, .imagePullBackOff, .createContainerConfigError, .unschedulable, .noPod: nil
        }
    }

    /// The Job controller creates a Pod for the run.
    var createsPod: Bool { self != .noPod }

    /// The run's container starts (the Pod becomes Running and ready).
    var startsContainer: Bool {
        switch self {
        case .succeed, .fail, .hang, .oomKilled, .evicted: true
        case .imagePullBackOff, .createContainerConfigError, .unschedulable, .noPod: false
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
