import Foundation

/// Defaults the executable derives from its environment. Pure: the environment, the host name
/// and the files' directory are passed in, so they are read once at the composition root.
public enum RuntimeDefaults {
    /// The namespace holding the leader-election Lease: the flag, else `POD_NAMESPACE`, else the
    /// in-cluster service account's namespace file, else `default`.
    public static func leaderElectionNamespace(
        flag: String?, environment: [String: String], serviceAccountDirectory: String
    ) -> String {
        if let flag, !flag.isEmpty {
            return flag
        }
        if let namespace = environment["POD_NAMESPACE"], !namespace.isEmpty {
            return namespace
        }
        let file = URL(fileURLWithPath: serviceAccountDirectory).appendingPathComponent("namespace")
        if let data = FileManager.default.contents(atPath: file.path) {
            let namespace = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !namespace.isEmpty {
                return namespace
            }
        }
        return "default"
    }

    /// The leader-election identity: `hostname_uuid`, unique per process even on one host.
    public static func identity(hostname: String, uuid: UUID) -> String {
        "\(hostname)_\(uuid.uuidString.lowercased())"
    }

    /// The `reportingInstance` of Events: `POD_NAME`, else the host name.
    public static func reportingInstance(environment: [String: String], hostname: String) -> String {
        if let pod = environment["POD_NAME"], !pod.isEmpty {
            return pod
        }
        return hostname
    }

    /// Whether `name` is a valid namespace name (an RFC 1123 label).
    public static func isValidNamespace(_ name: String) -> Bool {
        guard (1...63).contains(name.utf8.count), let first = name.utf8.first, let last = name.utf8.last else {
            return false
        }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        return isAlphanumeric(first) && isAlphanumeric(last)
            && name.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }
}
