import CronMonitorAPI
import Foundation
import KubernetesModel

extension RunRecord {
    /// This record as a JSON value, built directly: the same value `JSONEncoder` and the parser
    /// give (a test checks it field by field, and that no field is forgotten), without the
    /// encoder's per-field machinery, which was most of the cost of writing a history of 100 runs.
    /// Nil when a time is outside the years 0...9999 (the encoder refuses those too).
    public var jsonValue: JSONValue? {
        var members: [String: JSONValue] = ["result": .string(result.rawValue)]
        if let jobName { members["jobName"] = .string(jobName) }
        if let uid { members["uid"] = .string(uid) }
        for (key, time) in [("scheduledTime", scheduledTime), ("startTime", startTime), ("finishTime", finishTime)] {
            guard let time else { continue }
            guard let text = time.rfc3339 else { return nil }
            members[key] = .string(text)
        }
        if let durationSeconds { members["durationSeconds"] = .int(durationSeconds) }
        if let reason { members["reason"] = .string(reason) }
        if let message { members["message"] = .string(message) }
        if let pod { members["pod"] = .string(pod) }
        if let node { members["node"] = .string(node) }
        if let exitCode { members["exitCode"] = .int(Int64(exitCode)) }
        if let cause { members["cause"] = .string(cause) }
        if let hint { members["hint"] = .string(hint) }
        if let alerted { members["alerted"] = .array(alerted.map(JSONValue.string)) }
        return .object(members)
    }

    /// The JSON names `jsonValue` writes.
    public static let jsonFields: Set<String> = [
        "jobName", "uid", "scheduledTime", "startTime", "finishTime", "durationSeconds", "result", "reason", "message",
        "pod", "node", "exitCode", "cause", "hint", "alerted",
    ]
}

extension [RunRecord] {
    /// The history as a JSON value, by `RunRecord.jsonValue` (by the encoder for a record it
    /// cannot write).
    func jsonValue() throws -> JSONValue {
        .array(try map { try $0.jsonValue ?? JSONValue.encoding($0) })
    }
}
