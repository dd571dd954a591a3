/// The operator's release version, sent in the `User-Agent` of every API request.
public enum OperatorVersion {
    public static let version = "0.1.0"
    /// `cronmonitor-operator/<version>`.
    public static let userAgent = "cronmonitor-operator/\(version)"
}
