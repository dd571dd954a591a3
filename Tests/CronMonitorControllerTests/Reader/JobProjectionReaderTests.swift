import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

/// The byte reader (`JobProjection.readProjection`) against the reference path (`JSONDecoder`
/// decoding `BatchV1.Job`, then `JobProjection.init`): where the reader takes a document, the
/// reference must take it too and give an equal projection and resourceVersion; on documents
/// the reference takes, the reader must take them as well (its refusals fall back to the
/// reference in the watch path, so they cost time, not correctness).
@Suite struct JobProjectionReaderTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Reader
        .deletingLastPathComponent()  // CronMonitorControllerTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/fixtures/kubernetes-api")

    typealias Outcome = ReaderOutcome<JobProjection>

    static func reference(_ bytes: [UInt8]) -> Outcome {
        guard let job = try? JSONDecoder().decode(BatchV1.Job.self, from: Data(bytes)) else { return .refused }
        return .read(ReadProjection(JobProjection(job), resourceVersion: job.metadata.resourceVersion))
    }

    static func reader(_ bytes: [UInt8]) -> Outcome {
        guard let read = try? JobProjection.readProjection(from: bytes) else { return .refused }
        return .read(read)
    }

    /// The Job fixture, and the Job template of the CronJob fixture (a Job without status).
    static func fixtureJobs() throws -> [(String, [UInt8])] {
        let job = try Data(contentsOf: fixtures.appendingPathComponent("batch.v1.Job.json"))
        let cronJob = try JSONSerialization.jsonObject(
            with: Data(contentsOf: fixtures.appendingPathComponent("batch.v1.CronJob.json"))) as? [String: Any]
        let spec = cronJob?["spec"] as? [String: Any]
        let template = try JSONSerialization.data(withJSONObject: spec?["jobTemplate"] as Any)
        return [("batch.v1.Job.json", Array(job)), ("batch.v1.CronJob.json spec.jobTemplate", Array(template))]
    }

    @Test func fixturesReadAsTheReferenceReadsThem() throws {
        for (name, bytes) in try Self.fixtureJobs() {
            let expected = Self.reference(bytes)
            #expect(expected != .refused, "\(name)")
            #expect(Self.reader(bytes) == expected, "\(name)")
        }
    }

    /// Every proper prefix of a fixture (written without whitespace) is malformed: the reader
    /// refuses each, and does not crash. (`JSONDecoder` refuses them too; checking it for every
    /// prefix is slow.)
    @Test func truncatedFixturesAreRefused() throws {
        for (name, whole) in try Self.fixtureJobs() {
            let bytes = try Array(JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(whole))))
            for length in 0..<bytes.count {
                let prefix = Array(bytes[..<length])
                #expect(Self.reader(prefix) == .refused, "\(name) cut at \(length)")
                if length % 997 == 0 { #expect(Self.reference(prefix) == .refused, "\(name) cut at \(length)") }
            }
        }
    }

    /// 2,000 generated Jobs, each spelled at random: the reader agrees with the reference and
    /// takes every one. A failure names its seed; add it to `counterexamples`.
    @Test func generatedJobsReadAsTheReferenceReadsThem() {
        let base = UInt64(ProcessInfo.processInfo.environment["READER_SEED"] ?? "") ?? 0x5EED_2026
        var failures = 0
        var read = 0
        for index in 0..<2_000 where failures < 5 {
            let seed = base &+ UInt64(index)
            if !Self.agrees(seed: seed) {
                failures += 1
                Issue.record("seed \(seed): \(String(decoding: Self.document(seed: seed), as: UTF8.self))")
            }
            if Self.reader(Self.document(seed: seed)) != .refused { read += 1 }
        }
        // Almost every generated Job is valid: the comparison is not one of refusals.
        #expect(read > 1_900, "read \(read) of 2000")
    }

    /// Seeds that once failed.
    @Test(arguments: [UInt64]([]))
    func counterexamples(seed: UInt64) {
        #expect(Self.agrees(seed: seed))
    }

    static func document(seed: UInt64) -> [UInt8] {
        var generator = JobGenerator(random: SplitMix64(seed: seed))
        let job = generator.job()
        var speller = JSONSpeller(random: SplitMix64(seed: seed ^ 0xA5A5))
        return Array((speller.space() + speller.write(job) + speller.space()).utf8)
    }

    static func agrees(seed: UInt64) -> Bool {
        let bytes = document(seed: seed)
        let expected = reference(bytes)
        let read = reader(bytes)
        return read == expected
    }

    /// Documents the reference refuses for their shape or content: the reader refuses them too.
    @Test(arguments: [
        #"{"metadata":{"name":1}}"#,
        #"{"metadata":{"labels":{"a":null}}}"#,
        #"{"metadata":{"labels":{"a":1}}}"#,
        #"{"metadata":{"annotations":{"x":2}}}"#,
        #"{"metadata":{"creationTimestamp":"yesterday"}}"#,
        #"{"metadata":{"ownerReferences":[{"kind":"CronJob","name":"a","uid":"b"}]}}"#,
        #"{"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"CronJob","name":null,"uid":"b"}]}}"#,
        #"{"metadata":{"ownerReferences":[null]}}"#,
        #"{"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"CronJob","name":"a","uid":"b","controller":"yes"}]}}"#,
        #"{"metadata":{"generation":1.5}}"#,
        #"{"metadata":{"finalizers":[1]}}"#,
        #"{"metadata":{"name":"\ud800"}}"#,
        #"{"metadata":{"name":"\udc00\ud800"}}"#,
        #"{"metadata":{"name":"\x"}}"#,
        "{\"metadata\":{\"name\":\"x\u{01}y\"}}",
        "{\"metadata\":{\"labels\":{\"a\u{00}\":\"b\"}}}",
        #"{"metadata":{"\x":"a"}}"#,
        #"{"metadata":"a"}"#,
        #"{"spec":{"activeDeadlineSeconds":1.5}}"#,
        #"{"spec":{"activeDeadlineSeconds":9223372036854775808}}"#,
        #"{"spec":{"activeDeadlineSeconds":"3"}}"#,
        #"{"spec":{"activeDeadlineSeconds":01}}"#,
        #"{"spec":{"backoffLimit":true}}"#,
        #"{"spec":{"suspend":0}}"#,
        #"{"spec":{"selector":{"matchExpressions":[{"key":"a"}]}}}"#,
        #"{"spec":{"template":{"metadata":{"labels":{"a":[]}}}}}"#,
        #"{"status":{"conditions":[{"type":"Complete"}]}}"#,
        #"{"status":{"conditions":[{"type":"Complete","status":"True","lastProbeTime":"never"}]}}"#,
        #"{"status":{"startTime":5}}"#,
        #"{"status":{"succeeded":-1e99}}"#,
        #"{"status":[]}"#,
        #"[]"#,
        #"{"metadata":{}} x"#,
        #"{"metadata":{},,}"#,
        #"{,"metadata":{}}"#,
        #"{"spec":{"template":{"spec":{"a":[1,,2]}}}}"#,
        #"{"spec":{"template":{"spec":{"a":"\u12"}}}}"#,
        #"{"status":{"phase":"\uzz\"z"}}"#,
        #"{"spec":{"template":{"spec":{"a":tru}}}}"#,
        #"{"spec":{"template":{"spec":{"a":+1}}}}"#,
    ])
    func refusedByBoth(_ json: String) {
        let bytes = Array(json.utf8)
        #expect(Self.reference(bytes) == .refused)
        #expect(Self.reader(bytes) == .refused)
    }

    /// Spellings the reference takes: the reader takes them with the same result.
    @Test(arguments: [
        #"{"metadata":{"name":"a","namespace":"b"}}"#,
        #"{}"#,
        #"{"metadata":null,"spec":null,"status":null}"#,
        #"{"metadata":{"name":"x","labels":{"a":"b",}},}"#,
        #"{"metadata":{"n\u0061me":"\u0061\/b\ud83d\ude00"}}"#,
        #"{"spec":{"activeDeadlineSeconds":1e3}}"#,
        #"{"spec":{"activeDeadlineSeconds":-0.0}}"#,
        #"{"spec":{"activeDeadlineSeconds":10E-1}}"#,
        #"{"spec":{"activeDeadlineSeconds":-9223372036854775808}}"#,
        #"{"spec":{"template":{"spec":{"a":"\x01"}}}}"#,
        // Strings neither path decodes, as JSONDecoder skips them (found by fuzz-projection): raw
        // control characters, and `\u` before any four bytes but a quote.
        "{\"spec\":{\"template\":{\"spec\":{\"a\u{01}\":\"x\u{00}y\"}}},\"status\":{\"phase\":\"\u{1F}\"}}",
        #"{"status":{"phase":"\uzzzz"},"metadata":{"l\u0061me":"\ud83d\ud\\x","name":"a"}}"#,
        #"{"spec":{"template":{"spec":{"a":"\u\zz\x"}}}}"#,
        // Numbers neither path decodes: any run of digits, signs, points and exponents.
        #"{"status":{"phase":00.0,"x":[1.2.3,-,1e,--1,0.e1]},"spec":{"template":{"spec":{"a":01}}}}"#,
        #"{"status":{"conditions":[{"type":"Failed","status":"True","reason":"DeadlineExceeded","lastTransitionTime":"2025-01-01T00:00:00.5+01:00"}]}}"#,
        "\u{FEFF}{\"metadata\":{\"name\":\"bom\"}}",
        " \t\r\n{ \"metadata\" : { \"name\" : \"ws\" } } \n",
    ])
    func takenByBoth(_ json: String) {
        let bytes = Array(json.utf8)
        let expected = Self.reference(bytes)
        #expect(expected != .refused)
        #expect(Self.reader(bytes) == expected)
    }

    /// Where the reader is stricter than `JSONDecoder` (which keeps the first of repeated
    /// members and reads numbers with a fraction beyond 2^53 as a `Decimal`): it refuses, and
    /// the watch path decodes these documents with `JSONDecoder`.
    @Test(arguments: [
        #"{"metadata":{"name":"a","name":"b"}}"#,
        #"{"metadata":{"labels":{"k":"a","k":"b"}}}"#,
        // A member the reader checks but does not keep, its second value refused (fuzz-projection).
        #"{"spec":{"backoffLimit":3,"backoffLimit":-0.4}}"#,
        #"{"spec":{"backoffLimit":1E3,"backoffLimit":13E}}"#,
        #"{"spec":{"activeDeadlineSeconds":9007199254740993.0}}"#,
    ])
    func refusedByTheReaderOnly(_ json: String) {
        let bytes = Array(json.utf8)
        #expect(Self.reference(bytes) != .refused)
        #expect(Self.reader(bytes) == .refused)
    }
}

/// The cache keeps the labels the Job controller derives from a Job's name and UID as flags,
/// and every other label interned: what is read back is what the Job carries.
@Suite struct JobProjectionLabelTests {
    static let key = ObjectKey(namespace: "ops", name: "backup-29923260-with-a-long-name")

    @Test func derivedLabelsAreReadBackAsTheJobCarriesThem() {
        let labels = [
            "batch.kubernetes.io/job-name": Self.key.name, "job-name": Self.key.name,
            "batch.kubernetes.io/controller-uid": "6f1c0a52-3d4e-4b8a-9c1d-2e3f4a5b6c7d",
            "controller-uid": "6f1c0a52-3d4e-4b8a-9c1d-2e3f4a5b6c7d", "app": "a-label-value-longer-than-15",
        ]
        let job = JobProjection(
            key: Self.key, uid: "6f1c0a52-3d4e-4b8a-9c1d-2e3f4a5b6c7d", labels: labels, created: Date(timeIntervalSince1970: 0))
        #expect(job.labels == labels)
        var edited = job
        edited.labels["team"] = "data"
        #expect(edited.labels == labels.merging(["team": "data"]) { $1 })
        #expect(edited != job)
    }

    @Test func aLabelThatOnlyLooksDerivedIsKeptAsItIs() {
        let labels = ["job-name": "another-job", "batch.kubernetes.io/controller-uid": "not-the-uid"]
        let job = JobProjection(key: Self.key, uid: "uid-1", labels: labels, created: Date(timeIntervalSince1970: 0))
        #expect(job.labels == labels)
    }

    @Test func longStringsAreHeldOnceAndTheTableIsBounded() {
        let interner = StringInterner(capacity: 2)
        let first = interner.intern(String(repeating: "a", count: 20))
        #expect(interner.intern(String(repeating: "a", count: 20)) == first)
        #expect(interner.intern("short") == "short")
        #expect(interner.count == 1, "inline strings are not held")
        _ = interner.intern(String(repeating: "b", count: 20))
        _ = interner.intern(String(repeating: "c", count: 20))
        #expect(interner.count == 2)
    }

    /// Equal values come back as the copy held first (the same heap storage), up to the capacity.
    @Test func equalValuesShareTheFirstCopy() {
        let interner = ValueInterner<[String: String]>(capacity: 2)
        let labels = ["app.kubernetes.io/name": "nightly-report", "team": "data"]
        _ = interner.intern(labels)
        #expect(interner.intern(Dictionary(uniqueKeysWithValues: labels.map { ($0.key, $0.value) })) == labels)
        #expect(interner.count == 1)
        _ = interner.intern(["a": "1"])
        _ = interner.intern(["b": "2"])
        #expect(interner.count == 2, "the table stops at its capacity")
        #expect(interner.intern(["b": "2"]) == ["b": "2"])

        let strings = ValueInterner<String>(capacity: 4)
        let first = strings.intern(String(repeating: "x", count: 40))
        let again = strings.intern(String(repeating: "x", count: 40))
        let address = { (string: String) in string.utf8.withContiguousStorageIfAvailable { $0.baseAddress } ?? nil }
        #expect(address(again) == address(first))
    }
}
