import CronMonitorAPI
import Foundation
import KubernetesClient
import KubernetesModel
import Testing

/// The Swift types and the CRD's schema must describe the same fields: a fully populated
/// monitor is encoded and walked against the schema, both ways.
@Suite struct CRDAgreementTests {
    static let crdPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config/crd/bases/cronmonitor.io_cronmonitors.yaml")

    static func schema() throws -> JSONValue {
        let crd = try YAMLParser.parse(try Data(contentsOf: crdPath))
        let version = try #require(crd["spec"]?["versions"]?.arrayValue?.first)
        return try #require(version["schema"]?["openAPIV3Schema"])
    }

    static let time = Time(secondsSinceEpoch: 1_800_000_000)

    /// Every optional field set, every list with one element.
    static var fullyPopulated: CronMonitor {
        let spec = CronMonitorSpec(
            cronJobName: "backup",
            jobSelector: LabelSelector(
                matchLabels: ["app": "backup"],
                matchExpressions: [LabelSelectorRequirement(key: "tier", operator: .in, values: ["db"])]),
            schedule: "0 2 * * *", timeZone: "Europe/Berlin", startGraceSeconds: 300, maxDurationSeconds: 3600,
            minDurationSeconds: 30, onStuck: .terminate, onOverlap: .terminateNewest, failureThreshold: 2,
            retention: RetentionPolicy(keepSucceeded: 3, keepFailed: 5, maxAgeSeconds: 86400),
            historyLimit: 20, suspend: false)
        var status = CronMonitorStatus()
        status.observedGeneration = 1
        status.conditions = [
            Condition(type: "Ready", status: .true, observedGeneration: 1, lastTransitionTime: time, reason: "Resolved", message: "ok")
        ]
        status.reason = "Succeeded"
        status.target = "CronJob/backup"
        status.resolvedSchedule = "0 2 * * *"
        status.resolvedTimeZone = "Europe/Berlin"
        status.lastScheduleTime = time
        status.nextScheduleTime = time
        status.lastJudgedSlotTime = time
        status.lastStartTime = time
        status.lastFinishTime = time
        status.lastSuccessTime = time
        status.lastFailureTime = time
        status.lastResult = .succeeded
        status.consecutiveFailures = 0
        status.active = 1
        status.activeRuns = [ActiveRun(jobName: "backup-1", uid: "u1", scheduledTime: time, startTime: time)]
        status.runs = [
            RunRecord(
                jobName: "backup-0", uid: "u0", scheduledTime: time, startTime: time, finishTime: time,
                durationSeconds: 60, result: .failed, reason: "BackoffLimitExceeded", message: "m", pod: "backup-0-x7k2p",
                node: "n7", exitCode: 137, cause: "OOMKilled", hint: "raise the container's memory limit", alerted: ["RunFailed"])
        ]
        var totals = RunTotals()
        totals.runs = 1
        totals.succeeded = 1
        totals.failed = 1
        totals.missed = 1
        totals.stuck = 1
        totals.overlaps = 1
        totals.duplicates = 1
        totals.purged = 1
        totals.notStarted = 1
        totals.tooShort = 1
        status.totals = totals
        status.durations = RunDurations(p50Seconds: 60, p95Seconds: 90, maxSeconds: 120)
        status.daily = [
            DailyRuns(
                date: "2027-01-15", runs: 3, succeeded: 1, failed: 1, missed: 1, stuck: 1, p95Seconds: 90,
                longestSeconds: [90, 60])
        ]
        status.countedJobs = CountedJobs(createdBefore: time, trimmedUIDs: ["u9"])
        status.pendingAlerts = [
            PendingAlert(reason: "RunFailed", note: "Job backup-0 failed", jobName: "backup-0", uid: "u0", scheduledTime: time)
        ]
        return CronMonitor(metadata: ObjectMeta(name: "m", namespace: "ns"), spec: spec, status: status)
    }

    /// Walks `value` against `schema`; returns every disagreement.
    static func disagreements(_ value: JSONValue, _ schema: JSONValue, at path: String) -> [String] {
        let type = schema["type"]?.stringValue
        switch value {
        case .object(let members):
            guard type == "object" else { return ["\(path): Swift has an object, schema has \(type ?? "nothing")"] }
            if schema["additionalProperties"] != nil { return [] }
            guard let properties = schema["properties"]?.objectValue else { return [] }
            var issues: [String] = []
            for key in Set(members.keys).subtracting(properties.keys) where key != "apiVersion" && key != "kind" {
                issues.append("\(path).\(key): in Swift, not in the schema")
            }
            for key in Set(properties.keys).subtracting(members.keys) where !["apiVersion", "kind", "metadata"].contains(key) {
                issues.append("\(path).\(key): in the schema, not set by the fully populated Swift value")
            }
            for (key, member) in members where key != "metadata" {
                if let propertySchema = properties[key] {
                    issues += disagreements(member, propertySchema, at: "\(path).\(key)")
                }
            }
            return issues
        case .array(let elements):
            guard type == "array", let items = schema["items"] else { return ["\(path): Swift has an array, schema has \(type ?? "nothing")"] }
            return elements.flatMap { disagreements($0, items, at: "\(path)[]") }
        case .string(let text):
            guard type == "string" else { return ["\(path): Swift has a string, schema has \(type ?? "nothing")"] }
            if let allowed = schema["enum"]?.arrayValue, !allowed.contains(.string(text)) {
                return ["\(path): \(text) is not in the schema's enum"]
            }
            return []
        case .int:
            return type == "integer" ? [] : ["\(path): Swift has an integer, schema has \(type ?? "nothing")"]
        case .bool:
            return type == "boolean" ? [] : ["\(path): Swift has a boolean, schema has \(type ?? "nothing")"]
        case .double, .null:
            return ["\(path): unexpected \(value)"]
        }
    }

    @Test func swiftTypesAndSchemaHaveTheSameFields() throws {
        let encoded = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(Self.fullyPopulated))
        let issues = Self.disagreements(encoded, try Self.schema(), at: "")
        #expect(issues.isEmpty, "\(issues.joined(separator: "\n"))")
    }

    @Test func enumsAgree() throws {
        let schema = try Self.schema()
        let spec = try #require(schema["properties"]?["spec"]?["properties"])
        let status = try #require(schema["properties"]?["status"]?["properties"])
        func values(_ node: JSONValue?) -> Set<String> {
            Set(node?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
        #expect(values(spec["onStuck"]) == Set(StuckPolicy.allCases.map(\.rawValue)))
        #expect(values(spec["onOverlap"]) == Set(OverlapPolicy.allCases.map(\.rawValue)))
        // lastResult is an outcome: never a run still going on.
        #expect(
            values(status["lastResult"])
                == Set(RunResult.allCases.map(\.rawValue)).subtracting(["Running", "Pending"]))
        #expect(values(status["runs"]?["items"]?["properties"]?["result"]) == Set(RunResult.allCases.map(\.rawValue)))
    }

    @Test func defaultsAgree() throws {
        let spec = try #require(try Self.schema()["properties"]?["spec"]?["properties"])
        typealias Defaults = CronMonitorSpec.Defaults
        #expect(spec["startGraceSeconds"]?["default"]?.intValue == Defaults.startGraceSeconds)
        #expect(spec["failureThreshold"]?["default"]?.intValue == Int64(Defaults.failureThreshold))
        #expect(spec["historyLimit"]?["default"]?.intValue == Int64(Defaults.historyLimit))
        #expect(spec["onStuck"]?["default"]?.stringValue == Defaults.onStuck.rawValue)
        #expect(spec["onOverlap"]?["default"]?.stringValue == Defaults.onOverlap.rawValue)
        #expect(spec["suspend"]?["default"]?.boolValue == Defaults.suspend)
    }

    @Test func printerColumnsAreThoseOfTheProduct() throws {
        let crd = try YAMLParser.parse(try Data(contentsOf: Self.crdPath))
        let columns = crd["spec"]?["versions"]?.arrayValue?.first?["additionalPrinterColumns"]?.arrayValue ?? []
        #expect(columns.compactMap { $0["name"]?.stringValue.map { $0.uppercased() } } == [
            "TARGET", "SCHEDULE", "READY", "HEALTHY", "REASON", "ACTIVE", "LAST RESULT", "LAST SUCCESS", "FAILURES",
            "AGE", "LAST RUN", "NEXT RUN",
        ])
        // `-o wide` only: LAST RUN and NEXT RUN.
        #expect(columns.map { $0["priority"]?.intValue ?? 0 } == Array(repeating: 0, count: 10) + [1, 1])
    }

    @Test func decodesAMinimalManifest() throws {
        let manifest = #"{"apiVersion":"cronmonitor.io/v1alpha1","kind":"CronMonitor","metadata":{"name":"n","namespace":"d"},"spec":{"cronJobName":"backup"}}"#
        let monitor = try JSONDecoder().decode(CronMonitor.self, from: Data(manifest.utf8))
        #expect(monitor.spec.cronJobName == "backup")
        #expect(monitor.spec.resolvedStartGraceSeconds == 300)
        #expect(monitor.spec.resolvedHistoryLimit == 20)
        #expect(monitor.status == nil)
    }
}
