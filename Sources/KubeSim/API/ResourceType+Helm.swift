/// Built-in kinds stored without a controller, so that `helm install` of the operator's chart
/// (and `kubectl apply` of its manifests) works: ServiceAccounts, RBAC, Deployments, Services,
/// ConfigMaps, PodDisruptionBudgets, and the Secrets Helm keeps its releases in.
extension ResourceType {
    public static let serviceAccounts = ResourceType(
        group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", singular: "serviceaccount",
        namespaced: true, shortNames: ["sa"])

    public static let secrets = ResourceType(
        group: "", version: "v1", kind: "Secret", plural: "secrets", singular: "secret",
        namespaced: true, selectableFields: ["type": ["type"]])

    public static let configMaps = ResourceType(
        group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", singular: "configmap",
        namespaced: true, shortNames: ["cm"])

    public static let services = ResourceType(
        group: "", version: "v1", kind: "Service", plural: "services", singular: "service",
        namespaced: true, shortNames: ["svc"], categories: ["all"], hasStatusSubresource: true)

    public static let deployments = ResourceType(
        group: "apps", version: "v1", kind: "Deployment", plural: "deployments", singular: "deployment",
        namespaced: true, shortNames: ["deploy"], categories: ["all"], hasStatusSubresource: true, tracksGeneration: true)

    public static let podDisruptionBudgets = ResourceType(
        group: "policy", version: "v1", kind: "PodDisruptionBudget", plural: "poddisruptionbudgets",
        singular: "poddisruptionbudget", namespaced: true, shortNames: ["pdb"], hasStatusSubresource: true,
        tracksGeneration: true)

    public static let clusterRoles = ResourceType(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles",
        singular: "clusterrole", namespaced: false)

    public static let clusterRoleBindings = ResourceType(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding", plural: "clusterrolebindings",
        singular: "clusterrolebinding", namespaced: false)

    public static let roles = ResourceType(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", singular: "role",
        namespaced: true)

    public static let roleBindings = ResourceType(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings",
        singular: "rolebinding", namespaced: true)

    /// The kinds above, in discovery order.
    static let helmKinds: [ResourceType] = [
        .serviceAccounts, .secrets, .configMaps, .services, .deployments, .podDisruptionBudgets,
        .clusterRoles, .clusterRoleBindings, .roles, .roleBindings,
    ]
}
