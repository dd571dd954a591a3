import Foundation

/// A JSON document as a tree whose member order is kept, written with random (valid) spellings.
indirect enum JSONNode {
    case object([(String, JSONNode)])
    case array([JSONNode])
    case string(String)
    case integer(Int64)
    case bool(Bool)
    case null
}

/// Writes a `JSONNode` as JSON with random but valid spellings: member order, escapes (`\u` of
/// ASCII letters, `\/`, non-ASCII and astral characters as `\u` or surrogate pairs), integer
/// forms (`30`, `30.0`, `3e1`, `300E-1`), whitespace and trailing commas.
struct JSONSpeller {
    var random: SplitMix64

    mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

    mutating func write(_ node: JSONNode) -> String {
        switch node {
        case .object(let members):
            var shuffled = members
            if chance(50) { shuffled.shuffle(using: &random) }
            let parts = shuffled.map { key, value in space() + string(key) + space() + ":" + space() + write(value) }
            return "{" + parts.joined(separator: ",") + trailingComma(parts.isEmpty) + space() + "}"
        case .array(let elements):
            let parts = elements.map { space() + write($0) }
            return "[" + parts.joined(separator: ",") + trailingComma(parts.isEmpty) + space() + "]"
        case .string(let text):
            return string(text)
        case .integer(let value):
            return integer(value)
        case .bool(let value):
            return value ? "true" : "false"
        case .null:
            return "null"
        }
    }

    mutating func space() -> String {
        guard chance(20) else { return "" }
        return [" ", "\n", "\t", "\r\n ", "  "][Int(random.next() % 5)]
    }

    mutating func trailingComma(_ empty: Bool) -> String {
        !empty && chance(5) ? "," : ""
    }

    mutating func integer(_ value: Int64) -> String {
        guard value.magnitude < 1 << 40 else { return String(value) }
        switch random.next() % 6 {
        case 0: return "\(value).0"
        case 1: return "\(value)e0"
        case 2: return value == 0 ? "0E-1" : "\(value)0E-1"
        case 3: return value % 10 == 0 && value != 0 ? "\(value / 10)e+1" : "\(value).00"
        default: return String(value)
        }
    }

    mutating func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += chance(50) ? "\\n" : "\\u000a"
            case "\t": out += "\\t"
            case "/": out += chance(50) ? "\\/" : "/"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            case _ where scalar.isASCII:
                out += chance(8) ? String(format: chance(50) ? "\\u%04x" : "\\u%04X", scalar.value) : String(scalar)
            case _ where scalar.value > 0xFFFF:
                if chance(50) {
                    let value = scalar.value - 0x10000
                    out += String(format: "\\u%04x\\u%04X", 0xD800 + (value >> 10), 0xDC00 + (value & 0x3FF))
                } else {
                    out += String(scalar)
                }
            default:
                out += chance(50) ? String(format: "\\u%04x", scalar.value) : String(scalar)
            }
        }
        return out + "\""
    }
}

/// Random Job objects: every field `JobProjection` reads, present, absent or null, among
/// fields the model checks and fields it does not know (nested arrays and objects).
struct JobGenerator {
    var random: SplitMix64

    mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
    mutating func pick<T>(_ choices: [T]) -> T { choices[Int(random.next() % UInt64(choices.count))] }

    /// `value` as a member, or missing, or null.
    mutating func optional(_ key: String, _ value: JSONNode, into members: inout [(String, JSONNode)]) {
        switch random.next() % 10 {
        case 0: return
        case 1: members.append((key, .null))
        default: members.append((key, value))
        }
    }

    mutating func text() -> String {
        pick(["backup", "etl-nightly", "ünïcödé", "emoji 😀 and 𝄞", "a/b\\c\"d", "tab\tline\nend", "", "x", "中文名字", "caf\u{E9}"])
    }

    mutating func time() -> String {
        let seconds = Int64(random.next() % 2_000_000_000)
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        var components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        let fraction = pick(["", ".5", ".123456", ".000000001"])
        components.nanosecond = 0
        let base = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", components.year!, components.month!, components.day!,
            components.hour!, components.minute!, components.second!)
        return base + fraction + pick(["Z", "Z", "z", "+00:00", "+02:00", "-05:30"])
    }

    mutating func unknown(depth: Int = 0) -> JSONNode {
        switch random.next() % (depth > 2 ? 4 : 6) {
        case 0: return .string(text())
        case 1: return .integer(Int64(random.next() % 1000))
        case 2: return .bool(chance(50))
        case 3: return .null
        case 4: return .array((0..<Int(random.next() % 3)).map { _ in unknown(depth: depth + 1) })
        default: return .object((0..<Int(random.next() % 3)).map { index in ("x\(index)", unknown(depth: depth + 1)) })
        }
    }

    mutating func extras(into members: inout [(String, JSONNode)]) {
        for index in 0..<Int(random.next() % 3) { members.append(("unknownField\(index)", unknown())) }
    }

    mutating func stringMap(_ fixed: [(String, String)] = []) -> JSONNode {
        var members = fixed.map { ($0.0, JSONNode.string($0.1)) }
        for index in 0..<Int(random.next() % 4) { members.append(("app.kubernetes.io/k\(index)-\(text())", .string(text()))) }
        return .object(members)
    }

    mutating func job() -> JSONNode {
        let owner = pick(["backup", "etl", "ünï"])
        var metadata: [(String, JSONNode)] = []
        let minutes = Int64(random.next() % 200_000_000)
        optional("name", .string(pick(["\(owner)-\(minutes)", "\(owner)-manual-x", text(), "\(owner)-"])), into: &metadata)
        optional("namespace", .string(pick(["ops", "team-1", text()])), into: &metadata)
        optional("uid", .string("uid-\(random.next() % 1000)"), into: &metadata)
        optional("resourceVersion", .string("\(random.next() % 100_000)"), into: &metadata)
        optional("generation", .integer(Int64(random.next() % 10)), into: &metadata)
        optional("generateName", .string(owner + "-"), into: &metadata)
        optional("creationTimestamp", .string(time()), into: &metadata)
        if chance(20) { optional("deletionTimestamp", .string(time()), into: &metadata) }
        optional("labels", stringMap(), into: &metadata)
        var annotations: [(String, String)] = []
        if chance(50) { annotations.append(("batch.kubernetes.io/cronjob-scheduled-timestamp", pick([time(), "not a time"]))) }
        if chance(30) { annotations.append(("cronjob.kubernetes.io/instantiate", pick(["manual", "other"]))) }
        optional("annotations", stringMap(annotations), into: &metadata)
        optional("ownerReferences", .array((0..<Int(random.next() % 3)).map { _ in ownerReference(owner) }), into: &metadata)
        optional("finalizers", .array([.string("foregroundDeletion")]), into: &metadata)
        if chance(30) {
            metadata.append(("managedFields", .array([.object([("manager", .string("kube-controller-manager")), ("fieldsV1", unknown())])])))
        }
        extras(into: &metadata)

        var members: [(String, JSONNode)] = [("apiVersion", .string("batch/v1")), ("kind", .string("Job"))]
        optional("metadata", .object(metadata), into: &members)
        optional("spec", spec(), into: &members)
        optional("status", status(), into: &members)
        extras(into: &members)
        return .object(members)
    }

    mutating func ownerReference(_ owner: String) -> JSONNode {
        var members: [(String, JSONNode)] = [
            ("apiVersion", .string("batch/v1")), ("kind", .string(pick(["CronJob", "CronJob", "ReplicaSet"]))),
            ("name", .string(pick([owner, "other"]))), ("uid", .string("cj-\(random.next() % 10)")),
        ]
        optional("controller", .bool(chance(60)), into: &members)
        optional("blockOwnerDeletion", .bool(true), into: &members)
        extras(into: &members)
        return .object(members)
    }

    mutating func spec() -> JSONNode {
        var members: [(String, JSONNode)] = []
        optional("activeDeadlineSeconds", .integer(Int64(random.next() % 100_000)), into: &members)
        optional("backoffLimit", .integer(6), into: &members)
        optional("completions", .integer(1), into: &members)
        optional("parallelism", .integer(1), into: &members)
        optional("suspend", .bool(chance(10)), into: &members)
        optional("completionMode", .string("NonIndexed"), into: &members)
        optional(
            "selector",
            .object([
                ("matchLabels", stringMap()),
                ("matchExpressions", .array([.object([("key", .string("k")), ("operator", .string("In")), ("values", .array([.string("v")]))])])),
            ]), into: &members)
        let container: JSONNode = .object([
            ("name", .string("main")), ("image", .string("busybox:1.36")),
            ("command", .array([.string("sh"), .string("-c"), .string(text())])),
            ("resources", .object([("limits", .object([("cpu", .string("100m"))]))])),
        ])
        optional(
            "template",
            .object([
                ("metadata", .object([("labels", stringMap()), ("annotations", stringMap())])),
                ("spec", .object([("containers", .array([container])), ("restartPolicy", .string("Never"))])),
            ]), into: &members)
        extras(into: &members)
        return .object(members)
    }

    mutating func status() -> JSONNode {
        var members: [(String, JSONNode)] = []
        optional("startTime", .string(time()), into: &members)
        optional("completionTime", .string(time()), into: &members)
        for key in ["active", "succeeded", "failed", "ready", "terminating"] {
            optional(key, .integer(Int64(random.next() % 3)), into: &members)
        }
        optional("conditions", .array((0..<Int(random.next() % 4)).map { _ in condition() }), into: &members)
        optional("uncountedTerminatedPods", .object([("succeeded", .array([]))]), into: &members)
        extras(into: &members)
        return .object(members)
    }

    mutating func condition() -> JSONNode {
        var members: [(String, JSONNode)] = [
            ("type", .string(pick(["Complete", "SuccessCriteriaMet", "Failed", "FailureTarget", "Suspended"]))),
            ("status", .string(pick(["True", "True", "False", "Unknown"]))),
        ]
        optional("reason", .string(pick(["BackoffLimitExceeded", "DeadlineExceeded", "CompletionsReached", text()])), into: &members)
        optional("message", .string(text()), into: &members)
        optional("lastTransitionTime", .string(time()), into: &members)
        optional("lastProbeTime", .string(time()), into: &members)
        extras(into: &members)
        return .object(members)
    }
}
