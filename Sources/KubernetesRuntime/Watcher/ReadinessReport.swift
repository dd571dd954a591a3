/// The answer of `/readyz`: ready when every cache has synced, with one line per cache saying
/// whether it has and, when not, the last fault of its watcher.
public struct ReadinessReport: Sendable, Equatable {
    public var isReady: Bool
    public var lines: [String]

    public init(isReady: Bool, lines: [String] = []) {
        self.isReady = isReady
        self.lines = lines
    }

    /// One cache's line: `batch/jobs in all namespaces: synced`, or why not.
    public static func line(target: WatchTarget, isSynced: Bool, lastFault: WatchFault?) -> String {
        let name = "\(target.qualifiedResource) \(target.scope)"
        if isSynced { return "\(name): synced" }
        guard let fault = lastFault else { return "\(name): not synced: waiting for the first list" }
        return "\(name): not synced: \(fault.code): \(fault.hint) (\(fault.error))"
    }

    /// The response body.
    public var body: String {
        ([isReady ? "ok" : "not ready"] + lines).joined(separator: "\n") + "\n"
    }
}
