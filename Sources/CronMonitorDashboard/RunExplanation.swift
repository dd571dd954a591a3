import CronMonitorAPI

/// What explains a run, from its Pods: the one place the dashboard reads a run record's
/// explanation fields (`pod`, `node`, `exitCode`, `cause`, `hint`).
public struct RunExplanation: Sendable, Equatable {
    public var pod: String?
    public var node: String?
    public var exitCode: Int32?
    public var cause: String?
    public var hint: String?

    public init(pod: String? = nil, node: String? = nil, exitCode: Int32? = nil, cause: String? = nil, hint: String? = nil) {
        self.pod = pod
        self.node = node
        self.exitCode = exitCode
        self.cause = cause
        self.hint = hint
    }

    /// The explanation `record` carries.
    public init(_ record: RunRecord) {
        self.init(pod: record.pod, node: record.node, exitCode: record.exitCode, cause: record.cause, hint: record.hint)
    }

    /// One line for people: "OOMKilled (exit 137) on node-1: raise the container's memory limit".
    public var summary: String? {
        var text = cause ?? ""
        if let exitCode { text += text.isEmpty ? "exit \(exitCode)" : " (exit \(exitCode))" }
        if let node { text += text.isEmpty ? "on \(node)" : " on \(node)" }
        if let hint { text += text.isEmpty ? hint : ": \(hint)" }
        return text.isEmpty ? nil : text
    }
}
