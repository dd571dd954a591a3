import Foundation

/// A kubeconfig for one cluster, user and context, in YAML.
public struct Kubeconfig: Sendable, Equatable {
    public var server: String
    public var token: String?
    /// PEM of the CA to trust (TLS), base64-encoded into `certificate-authority-data`.
    public var certificateAuthorityPEM: String?
    public var name: String

    public init(server: String, token: String?, certificateAuthorityPEM: String? = nil, name: String = "kubesim") {
        self.server = server
        self.token = token
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.name = name
    }

    public var yaml: String {
        var lines = [
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: \(name)",
            "  cluster:",
            "    server: \(server)",
        ]
        if let certificateAuthorityPEM {
            lines.append("    certificate-authority-data: \(Data(certificateAuthorityPEM.utf8).base64EncodedString())")
        }
        lines += ["users:", "- name: \(name)", "  user:"]
        lines.append(token.map { "    token: \($0)" } ?? "    {}")
        lines += [
            "contexts:",
            "- name: \(name)",
            "  context:",
            "    cluster: \(name)",
            "    user: \(name)",
            "    namespace: default",
            "current-context: \(name)",
            "",
        ]
        return lines.joined(separator: "\n")
    }
}
