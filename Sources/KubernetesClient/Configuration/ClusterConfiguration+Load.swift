import Foundation

extension ClusterConfiguration {
    /// Finds and resolves the cluster configuration in the order kubectl and controller-runtime use:
    /// `kubeconfigPath` (the `--kubeconfig` flag), else the `KUBECONFIG` list (merged, first file
    /// wins per name), else in-cluster when `KUBERNETES_SERVICE_HOST` is set, else
    /// `<homeDirectory>/.kube/config`.
    ///
    /// Nothing global is read: the environment, home and service account directories and the
    /// clock are passed in. Exec plugins run later, on the first `currentCredentials()`.
    ///
    /// - Parameter context: a context name overriding `current-context` (ignored in-cluster).
    public static func load(
        kubeconfigPath: String?,
        context: String?,
        environment: [String: String],
        homeDirectory: String?,
        serviceAccountDirectory: String = InClusterConfiguration.defaultServiceAccountDirectory,
        execTimeout: Duration = .seconds(60),
        now: @escaping @Sendable () -> Date
    ) throws(ClusterConfigurationError) -> ClusterConfiguration {
        let outside = ResolveEnvironment(environment: environment, execTimeout: execTimeout, now: now)
        if let kubeconfigPath, !kubeconfigPath.isEmpty {
            return try loadKubeconfigs([kubeconfigPath], context: context, using: outside)
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            var seen = Set<String>()
            let paths = list.split(separator: ":").map(String.init).filter { !$0.isEmpty && seen.insert($0).inserted }
            // As kubectl: listed files that do not exist are skipped.
            let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
            guard !existing.isEmpty else {
                throw ClusterConfigurationError(
                    source: "environment", field: "KUBECONFIG",
                    problem: .invalidValue("none of the listed files exist: \(paths.joined(separator: ", "))")
                )
            }
            return try loadKubeconfigs(existing, context: context, using: outside)
        }
        if InClusterConfiguration.isAvailable(environment: environment) {
            return try InClusterConfiguration.load(
                environment: environment, serviceAccountDirectory: serviceAccountDirectory, now: now
            )
        }
        if let homeDirectory {
            let path = URL(fileURLWithPath: homeDirectory).appendingPathComponent(".kube/config").path
            if FileManager.default.fileExists(atPath: path) {
                return try loadKubeconfigs([path], context: context, using: outside)
            }
        }
        throw ClusterConfigurationError(source: "environment", field: "", problem: .noConfiguration)
    }

    /// Reads, merges (first file wins) and resolves the given kubeconfig files.
    static func loadKubeconfigs(
        _ paths: [String], context: String?, using outside: ResolveEnvironment
    ) throws(ClusterConfigurationError) -> ClusterConfiguration {
        var files: [Kubeconfig] = []
        for path in paths {
            let data: Data
            switch FileAccess.read(path) {
            case .success(let contents): data = contents
            case .failure(let failure):
                throw ClusterConfigurationError(source: path, field: "", problem: .unreadableFile(path: path, reason: failure.reason))
            }
            files.append(try Kubeconfig.decode(data, file: path))
        }
        return try Kubeconfig.merged(files).resolve(
            context: context.flatMap { $0.isEmpty ? nil : $0 }, sources: paths.joined(separator: ":"), using: outside
        )
    }
}
