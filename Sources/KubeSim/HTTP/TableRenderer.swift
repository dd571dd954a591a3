import Foundation
import KubernetesModel

/// The `meta.k8s.io/v1` Table form of objects, as `kubectl get` asks for it: a NAME column, the
/// resource's printer columns (CRD `additionalPrinterColumns`), or AGE when it has none. A
/// built-in table that places its own name column (format `name`) is used as it is.
struct TableRenderer: Sendable {
    enum IncludeObject: String, Sendable {
        case none = "None"
        case metadata = "Metadata"
        case object = "Object"
    }

    var resource: ResourceType
    var now: Date
    var includeObject: IncludeObject

    var columns: [PrinterColumn] {
        let name = PrinterColumn(
            name: "Name", type: "string", format: "name",
            description: "Name must be unique within a namespace.", jsonPath: ".metadata.name")
        let age = PrinterColumn(
            name: "Age", type: "date",
            description: "CreationTimestamp is a timestamp representing the server time when this object was created.",
            jsonPath: ".metadata.creationTimestamp")
        if resource.printerColumns.contains(where: { $0.format == "name" }) { return resource.printerColumns }
        return [name] + (resource.printerColumns.isEmpty ? [age] : resource.printerColumns)
    }

    var columnDefinitions: JSONValue {
        .array(columns.map { column in
            .object([
                "name": .string(column.name), "type": .string(column.type), "format": .string(column.format),
                "description": .string(column.description), "priority": .int(Int64(column.priority)),
            ])
        })
    }

    func row(_ object: JSONValue) -> JSONValue {
        var row: [String: JSONValue] = ["cells": .array(columns.map { cell($0, of: object) })]
        switch includeObject {
        case .none:
            break
        case .metadata:
            row["object"] = .object([
                "kind": .string("PartialObjectMetadata"), "apiVersion": .string("meta.k8s.io/v1"),
                "metadata": object["metadata"] ?? .object([:]),
            ])
        case .object:
            row["object"] = object
        }
        return .object(row)
    }

    func table(_ objects: [JSONValue], resourceVersion: Int64, continueToken: String?, withColumns: Bool = true) -> JSONValue {
        var metadata: [String: JSONValue] = ["resourceVersion": .string(String(resourceVersion))]
        if let continueToken { metadata["continue"] = .string(continueToken) }
        var table: [String: JSONValue] = [
            "kind": .string("Table"), "apiVersion": .string("meta.k8s.io/v1"), "metadata": .object(metadata),
            "rows": .array(objects.map(row)),
        ]
        table["columnDefinitions"] = withColumns ? columnDefinitions : .array([])
        return .object(table)
    }

    private func cell(_ column: PrinterColumn, of object: JSONValue) -> JSONValue {
        let candidates = ([column.jsonPath] + column.fallbackPaths).lazy.compactMap { JSONPathLite.evaluate($0, in: object) }
        if case .computed(let computation) = column.rendering { return compute(computation, of: object) }
        let present = candidates.first(where: { $0 != .null })
        if case .count = column.rendering { return .int(Int64(present?.arrayValue?.count ?? 0)) }
        guard let found = present else { return column.absent }
        var value = found
        switch column.rendering {
        case .value, .count, .computed:
            break
        case .titledBool:
            value = .string(found.boolValue == true ? "True" : "False")
        case .reference:
            let kind = found["kind"]?.stringValue?.lowercased() ?? ""
            value = .string(kind.isEmpty ? (found["name"]?.stringValue ?? "") : "\(kind)/\(found["name"]?.stringValue ?? "")")
        }
        switch column.type {
        case "date":
            guard let text = value.stringValue, let date = Timestamps.parse(text) else { return value }
            return .string(TableRenderer.humanDuration(now.timeIntervalSince(date)))
        case "integer", "number", "boolean":
            return value
        default:
            switch value {
            case .string, .int, .double, .bool: return value
            case .null: return .null
            case .array, .object:
                return (try? JSONCoding.encode(value)).map { .string(String(decoding: $0, as: UTF8.self)) } ?? .null
            }
        }
    }

    private func compute(_ computation: TableComputation, of job: JSONValue) -> JSONValue {
        let status = job["status"]
        let conditions = Set((status?["conditions"]?.arrayValue ?? [])
            .filter { $0["status"]?.stringValue == "True" }.compactMap { $0["type"]?.stringValue })
        switch computation {
        case .jobStatus:
            if conditions.contains("Complete") { return .string("Complete") }
            if conditions.contains("Failed") { return .string("Failed") }
            if job["metadata"]?["deletionTimestamp"] != nil { return .string("Terminating") }
            for type in ["Suspended", "FailureTarget", "SuccessCriteriaMet"] where conditions.contains(type) { return .string(type) }
            return .string("Running")
        case .jobCompletions:
            let succeeded = status?["succeeded"]?.intValue ?? 0
            return .string("\(succeeded)/\(job["spec"]?["completions"]?.intValue ?? 1)")
        case .jobDuration:
            guard let start = status?["startTime"]?.stringValue.flatMap(Timestamps.parse) else { return .string("") }
            let end = status?["completionTime"]?.stringValue.flatMap(Timestamps.parse) ?? now
            return .string(TableRenderer.humanDuration(end.timeIntervalSince(start)))
        case .podReady, .podStatus, .podRestarts:
            return PodCells(pod: job).cell(computation)
        }
    }

    /// kubectl's short age format: 45s, 3m20s, 5h, 2d3h, 40d, 1y20d.
    static func humanDuration(_ interval: TimeInterval) -> String {
        if interval < -1 { return "<invalid>" }
        let seconds = max(0, Int(interval))
        let minutes = seconds / 60, hours = seconds / 3600, days = hours / 24
        switch seconds {
        case ..<120: return "\(seconds)s"
        case ..<600: return seconds % 60 == 0 ? "\(minutes)m" : "\(minutes)m\(seconds % 60)s"
        case ..<(3 * 3600): return "\(minutes)m"
        case ..<(8 * 3600): return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h\(minutes % 60)m"
        case ..<(48 * 3600): return "\(hours)h"
        case ..<(8 * 86400): return hours % 24 == 0 ? "\(days)d" : "\(days)d\(hours % 24)h"
        case ..<(2 * 365 * 86400): return "\(days)d"
        case ..<(8 * 365 * 86400): return days % 365 == 0 ? "\(days / 365)y" : "\(days / 365)y\(days % 365)d"
        default: return "\(days / 365)y"
        }
    }
}
