import CronMonitorAPI
import Foundation

/// A short description of how two statuses differ: the top-level fields that changed, with
/// their old and new values (JSON, shortened).
enum StatusDiff {
    static let limit = 400

    static func describe(from old: CronMonitorStatus?, to new: CronMonitorStatus?) -> String {
        let before = fields(old)
        let after = fields(new)
        let keys = Set(before.keys).union(after.keys).sorted()
        let changed = keys.filter { before[$0] != after[$0] }
        guard !changed.isEmpty else { return "(no field differs in JSON)" }
        return changed.map { key in
            "\(key): \(shorten(before[key] ?? "unset")) → \(shorten(after[key] ?? "unset"))"
        }.joined(separator: "; ")
    }

    /// Each top-level field as compact JSON.
    static func fields(_ status: CronMonitorStatus?) -> [String: String] {
        guard let status else { return [:] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(status),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        var fields: [String: String] = [:]
        for (key, value) in object {
            if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) {
                fields[key] = String(decoding: data, as: UTF8.self)
            }
        }
        return fields
    }

    static func shorten(_ text: String) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }

    /// The size of the status as the API server would store it (compact JSON).
    static func encodedSize(_ status: CronMonitorStatus) -> Int {
        (try? JSONEncoder().encode(status).count) ?? 0
    }
}
