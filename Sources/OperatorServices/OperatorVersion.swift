/// The operator's version: the one place it is written. `cronmonitor-operator --version`, the
/// startup log line and `cronmonitor_build_info{version}` read it; the chart's `appVersion` and
/// the newest release in CHANGELOG.md must equal it (`OperatorVersionTests` checks both).
public enum OperatorVersion {
    /// Semantic version of this build, without a leading `v`.
    public static let current = "0.1.0"
}
