import Foundation
import KubernetesModel

extension CronMonitorSpec {
    enum CodingKeys: String, CodingKey {
        case cronJobName, jobSelector, schedule, timeZone, startGraceSeconds, maxDurationSeconds, minDurationSeconds
        case onStuck, onOverlap
        case failureThreshold, retention, historyLimit, suspend
    }

    /// Reads every field on its own: a bad field is recorded in `invalidFields` and left unset;
    /// only a spec that is not an object at all throws.
    public init(from decoder: any Decoder) throws {
        var reader = LenientFieldReader(container: try decoder.container(keyedBy: CodingKeys.self))
        self.init(
            cronJobName: reader.value(.cronJobName, expected: "a string"),
            jobSelector: reader.value(.jobSelector, expected: "a label selector"),
            schedule: reader.value(.schedule, expected: "a string"),
            timeZone: reader.value(.timeZone, expected: "a string"),
            startGraceSeconds: reader.value(.startGraceSeconds, expected: "an integer"),
            maxDurationSeconds: reader.value(.maxDurationSeconds, expected: "an integer"),
            minDurationSeconds: reader.value(.minDurationSeconds, expected: "an integer"),
            onStuck: reader.enumeration(.onStuck),
            onOverlap: reader.enumeration(.onOverlap),
            failureThreshold: reader.value(.failureThreshold, expected: "a 32-bit integer"),
            retention: reader.value(.retention, expected: "a retention policy (keepSucceeded, keepFailed, maxAgeSeconds)"),
            historyLimit: reader.value(.historyLimit, expected: "a 32-bit integer"),
            suspend: reader.value(.suspend, expected: "a boolean"))
        invalidFields = reader.invalidFields
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(cronJobName, forKey: .cronJobName)
        try container.encodeIfPresent(jobSelector, forKey: .jobSelector)
        try container.encodeIfPresent(schedule, forKey: .schedule)
        try container.encodeIfPresent(timeZone, forKey: .timeZone)
        try container.encodeIfPresent(startGraceSeconds, forKey: .startGraceSeconds)
        try container.encodeIfPresent(maxDurationSeconds, forKey: .maxDurationSeconds)
        try container.encodeIfPresent(minDurationSeconds, forKey: .minDurationSeconds)
        try container.encodeIfPresent(onStuck, forKey: .onStuck)
        try container.encodeIfPresent(onOverlap, forKey: .onOverlap)
        try container.encodeIfPresent(failureThreshold, forKey: .failureThreshold)
        try container.encodeIfPresent(retention, forKey: .retention)
        try container.encodeIfPresent(historyLimit, forKey: .historyLimit)
        try container.encodeIfPresent(suspend, forKey: .suspend)
    }

    /// The spec of an object whose `spec` is not even an object.
    static func unreadable(_ value: JSONValue?) -> CronMonitorSpec {
        var spec = CronMonitorSpec()
        spec.invalidFields = [
            InvalidSpecField(field: "spec", value: InvalidSpecField.describe(value), expected: "an object")
        ]
        return spec
    }
}

/// Decodes fields one by one and records the ones that do not fit.
struct LenientFieldReader<Key: CodingKey> {
    let container: KeyedDecodingContainer<Key>
    private(set) var invalidFields: [InvalidSpecField] = []

    init(container: KeyedDecodingContainer<Key>) {
        self.container = container
    }

    mutating func value<T: Decodable>(_ key: Key, expected: String) -> T? {
        do {
            return try container.decodeIfPresent(T.self, forKey: key)
        } catch {
            record(key, expected: expected)
            return nil
        }
    }

    mutating func enumeration<T: RawRepresentable & CaseIterable>(_ key: Key) -> T? where T.RawValue == String {
        let expected = "one of " + T.allCases.map(\.rawValue).joined(separator: ", ")
        guard let raw: String = value(key, expected: expected) else { return nil }
        guard let value = T(rawValue: raw) else {
            record(key, expected: expected)
            return nil
        }
        return value
    }

    private mutating func record(_ key: Key, expected: String) {
        let raw = (try? container.decodeIfPresent(JSONValue.self, forKey: key)) ?? nil
        invalidFields.append(
            InvalidSpecField(field: "spec.\(key.stringValue)", value: InvalidSpecField.describe(raw), expected: expected))
    }
}

extension InvalidSpecField {
    /// Compact JSON of a value, at most about 80 characters.
    static func describe(_ value: JSONValue?) -> String {
        guard let value else { return "(unreadable)" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else {
            return "(unreadable)"
        }
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }
}
