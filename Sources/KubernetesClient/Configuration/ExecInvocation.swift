import Foundation
import KubernetesModel

/// One way to run an exec plugin: the command resolved, the environment prepared, and the
/// ExecCredential on stdout parsed. Errors name the command and quote stderr, never the token.
struct ExecInvocation: Sendable {
    let config: ExecConfig
    let baseDirectory: String
    let environment: [String: String]
    let clusterInfo: JSONValue?
    let timeout: Duration

    static let stderrExcerptLimit = 512

    func run() async -> Result<ExecCredential, CredentialError> {
        let name = config.command
        guard let executable = resolveExecutable() else {
            let hint = config.installHint.map { ". \($0)" } ?? ""
            return .failure(CredentialError("exec plugin '\(name)': executable not found\(hint)"))
        }
        let output: PluginProcessOutput
        do {
            output = try await PluginProcess.run(
                executable: executable, arguments: config.args, environment: processEnvironment(), timeout: timeout
            )
        } catch {
            switch error {
            case .launchFailed(let reason):
                return .failure(CredentialError("exec plugin '\(name)': cannot start: \(reason)"))
            case .timedOut:
                return .failure(CredentialError("exec plugin '\(name)': no answer within \(timeout)"))
            case .cancelled:
                return .failure(CredentialError("exec plugin '\(name)': cancelled"))
            }
        }
        let parsed = ExecCredentialParser.parse(output.standardOutput, expectedAPIVersion: config.apiVersion)
        let excerpt = stderrExcerpt(output.standardError, hiding: parsed.secrets)
        guard output.exitStatus == 0, !output.wasSignalled else {
            let how = output.wasSignalled ? "was killed by signal \(output.exitStatus)" : "exited with status \(output.exitStatus)"
            return .failure(CredentialError("exec plugin '\(name)' \(how)\(excerpt)"))
        }
        switch parsed.outcome {
        case .credential(let credential):
            return .success(credential)
        case .problem(let problem):
            return .failure(CredentialError("exec plugin '\(name)': invalid ExecCredential output: \(problem)\(excerpt)"))
        }
    }

    /// `config.env` over the operator's environment, plus `KUBERNETES_EXEC_INFO`.
    func processEnvironment() -> [String: String] {
        var result = environment
        for variable in config.env { result[variable.name] = variable.value }
        var spec: [String: JSONValue] = ["interactive": .bool(false)]
        if config.provideClusterInfo, let clusterInfo { spec["cluster"] = clusterInfo }
        let info = JSONValue.object([
            "apiVersion": .string(config.apiVersion),
            "kind": .string("ExecCredential"),
            "spec": .object(spec),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(info) {
            result["KUBERNETES_EXEC_INFO"] = String(decoding: data, as: UTF8.self)
        }
        return result
    }

    /// An absolute path, a path relative to the kubeconfig when it contains `/`, else a `PATH` search.
    func resolveExecutable() -> String? {
        let command = config.command
        if command.hasPrefix("/") { return command }
        if command.contains("/") {
            return URL(fileURLWithPath: baseDirectory).appendingPathComponent(command).standardizedFileURL.path
        }
        let path = processEnvironment()["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private func stderrExcerpt(_ data: Data, hiding secrets: [String]) -> String {
        var text = String(decoding: data, as: UTF8.self)
        for secret in secrets where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "<redacted>")
        }
        let excerpt = String(text.prefix(Self.stderrExcerptLimit)).trimmingCharacters(in: .whitespacesAndNewlines)
        return excerpt.isEmpty ? "" : "; stderr: \(excerpt)"
    }
}
