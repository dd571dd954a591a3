/// One RBAC rule the operator needs: an API group, a resource and the verbs the code uses on it.
public struct PermissionRule: Sendable, Hashable, Comparable {
    public var apiGroup: String
    public var resource: String
    public var verbs: [String]
    /// Granted in the leader-election namespace only (a Role), not cluster-wide.
    public var namespaced: Bool

    public init(apiGroup: String, resource: String, verbs: [String], namespaced: Bool = false) {
        self.apiGroup = apiGroup
        self.resource = resource
        self.verbs = verbs.sorted()
        self.namespaced = namespaced
    }

    public static func < (lhs: PermissionRule, rhs: PermissionRule) -> Bool {
        (lhs.apiGroup, lhs.resource) < (rhs.apiGroup, rhs.resource)
    }
}

/// Every API call the operator makes, as RBAC rules: the single source the manifests in
/// `config/rbac` and the Helm chart are checked against, and that scenario tests check the
/// operator's actual requests against. Least privilege: no wildcards, no Secrets, and only the
/// verbs the code issues.
public enum OperatorPermissions {
    public static let rules: [PermissionRule] = [
        // Watched through list+watch; `get` re-reads a monitor after a status write conflicts.
        PermissionRule(apiGroup: "cronmonitor.io", resource: "cronmonitors", verbs: ["get", "list", "watch"]),
        // Status is written as a JSON merge patch.
        PermissionRule(apiGroup: "cronmonitor.io", resource: "cronmonitors/status", verbs: ["patch"]),
        // Jobs are watched; stuck and overlapping runs are ended by patching
        // `spec.activeDeadlineSeconds`; retention deletes finished Jobs.
        PermissionRule(apiGroup: "batch", resource: "jobs", verbs: ["delete", "list", "patch", "watch"]),
        PermissionRule(apiGroup: "batch", resource: "cronjobs", verbs: ["list", "watch"]),
        // The Pods of Jobs (selected by the Job controller's label) explain failed and pending runs.
        PermissionRule(apiGroup: "", resource: "pods", verbs: ["get", "list", "watch"]),
        // Alerts: events.k8s.io/v1 Events, series updates by patch; core v1 Events as the fallback.
        // The dashboard (when enabled) lists and watches the Events about CronMonitors through
        // the same API.
        PermissionRule(apiGroup: "events.k8s.io", resource: "events", verbs: ["create", "list", "patch", "watch"]),
        PermissionRule(apiGroup: "", resource: "events", verbs: ["create", "list", "patch", "watch"]),
        // The startup check asks the API server whether each of these is granted.
        PermissionRule(apiGroup: "authorization.k8s.io", resource: "selfsubjectaccessreviews", verbs: ["create"]),
        // Leader election, in the operator's own namespace.
        PermissionRule(
            apiGroup: "coordination.k8s.io", resource: "leases", verbs: ["create", "get", "update"], namespaced: true),
    ]
}
