import CronMonitorController
import Foundation
import KubernetesModel
import Testing

/// The Pod byte reader (`PodProjection+JSON`) against the reference path (`JSONDecoder` into
/// `CoreV1.Pod`, then `PodProjection.init`): on the fixture, on every prefix of it, on generated
/// Pods spelled at random, and on documents the reference refuses. Where the reference reads a
/// document, the reader must read the same projection (its refusals fall back to the reference
/// in the watch path, so they cost time, not correctness).
@Suite struct PodProjectionReaderTests {
    typealias Outcome = ReaderOutcome<PodProjection>

    static func reference(_ bytes: [UInt8]) -> Outcome {
        guard let pod = try? JSONDecoder().decode(CoreV1.Pod.self, from: Data(bytes)) else { return .refused }
        return .read(ReadProjection(PodProjection(pod), resourceVersion: pod.metadata.resourceVersion))
    }

    static func reader(_ bytes: [UInt8]) -> Outcome {
        guard let read = try? PodProjection.readProjection(from: bytes) else { return .refused }
        return .read(read)
    }

    static func fixture() throws -> [UInt8] {
        Array(try Data(contentsOf: JobProjectionReaderTests.fixtures.appendingPathComponent("core.v1.Pod.json")))
    }

    @Test func theFixtureReadsAsTheReferenceReadsIt() throws {
        let bytes = try Self.fixture()
        #expect(Self.reference(bytes) != .refused)
        #expect(Self.reader(bytes) == Self.reference(bytes))
    }

    @Test func truncatedFixturesAreRefused() throws {
        let bytes = try Array(JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(Self.fixture()))))
        for length in 0..<bytes.count {
            #expect(Self.reader(Array(bytes[..<length])) == .refused, "cut at \(length)")
        }
    }

    /// 2,000 generated Pods, each spelled at random: the reader agrees with the reference and
    /// takes almost every one. A failure names its seed.
    @Test func generatedPodsReadAsTheReferenceReadsThem() {
        let base = UInt64(ProcessInfo.processInfo.environment["READER_SEED"] ?? "") ?? 0x90D5_2026
        var failures = 0
        var read = 0
        for index in 0..<2_000 where failures < 5 {
            let seed = base &+ UInt64(index)
            let bytes = Self.document(seed: seed)
            let expected = Self.reference(bytes)
            let actual = Self.reader(bytes)
            if actual != expected {
                failures += 1
                Issue.record("seed \(seed): reader \(actual), reference \(expected): \(String(decoding: bytes, as: UTF8.self))")
            }
            if actual != .refused { read += 1 }
        }
        #expect(read > 1_800, "read \(read) of 2000")
    }

    static func document(seed: UInt64) -> [UInt8] {
        var generator = PodGenerator(jobs: JobGenerator(random: SplitMix64(seed: seed)))
        let pod = generator.pod()
        var speller = JSONSpeller(random: SplitMix64(seed: seed ^ 0x5A5A))
        return Array((speller.space() + speller.write(pod) + speller.space()).utf8)
    }

    /// Documents the reference refuses for their shape or content: the reader refuses them too.
    @Test(arguments: [
        #"{"status":{"containerStatuses":[{"state":{}}]}}"#,
        #"{"status":{"containerStatuses":[{"name":"a","restartCount":4294967296}]}}"#,
        #"{"status":{"containerStatuses":[{"name":"a","ready":"yes"}]}}"#,
        #"{"status":{"containerStatuses":[{"name":"a","state":{"terminated":{"exitCode":1.5}}}]}}"#,
        #"{"status":{"containerStatuses":[{"name":"a","state":{"running":{"startedAt":"later"}}}]}}"#,
        #"{"status":{"conditions":[{"type":"PodScheduled"}]}}"#,
        #"{"status":{"phase":1}}"#,
        #"{"spec":{"nodeName":["n1"]}}"#,
        #"{"metadata":{"labels":{"controller-uid":7}}}"#,
    ])
    func whatTheReferenceRefusesTheReaderRefuses(document: String) {
        let bytes = Array(document.utf8)
        #expect(Self.reference(bytes) == .refused)
        #expect(Self.reader(bytes) == .refused)
    }

    /// Inputs of fuzz-projection the reader once refused: members the Pod model does not hold
    /// are skipped as `JSONDecoder` skips them, however their strings and numbers are written.
    @Test(arguments: [
        #"{"spec":{"activeDeadlineSeconds":0E3,"backoffLimit":00.0,"nodeName":"n1"},"status":{"active":2.0}}"#,
        "{\"spec\":{\"a\":\"\u{01}\\uzzzz\"},\"status\":{\"phase\":\"Failed\"}}",
    ])
    func whatTheReferenceSkipsTheReaderSkips(document: String) {
        let bytes = Array(document.utf8)
        let expected = Self.reference(bytes)
        #expect(expected != .refused)
        #expect(Self.reader(bytes) == expected)
    }
}

/// Random Pods of Jobs: the Job generator's metadata (with the Job controller's labels added at
/// random), a spec and a status with every field the Pod model holds, present, absent or null,
/// among fields it does not know.
struct PodGenerator {
    var jobs: JobGenerator

    mutating func pod() -> JSONNode {
        guard case .object(let members) = jobs.job() else { return .null }
        var pod: [(String, JSONNode)] = []
        for (key, value) in members {
            switch key {
            case "kind": pod.append((key, .string("Pod")))
            case "apiVersion": pod.append((key, .string("v1")))
            case "metadata": pod.append((key, metadata(value)))
            case "spec": pod.append((key, spec()))
            case "status": pod.append((key, status()))
            default: pod.append((key, value))
            }
        }
        return .object(pod)
    }

    mutating func metadata(_ node: JSONNode) -> JSONNode {
        guard case .object(var members) = node else { return node }
        let uid = "job-uid-\(jobs.random.next() % 100)"
        let labels: [(String, JSONNode)] = jobs.pick([
            [("batch.kubernetes.io/controller-uid", .string(uid)), ("batch.kubernetes.io/job-name", .string("backup-1"))],
            [("controller-uid", .string(uid)), ("job-name", .string(jobs.text()))],
            [],
        ])
        if let index = members.firstIndex(where: { $0.0 == "labels" }) {
            if case .object(let existing) = members[index].1 { members[index].1 = .object(existing + labels) }
        } else if !labels.isEmpty {
            members.append(("labels", .object(labels)))
        }
        return .object(members)
    }

    mutating func spec() -> JSONNode {
        var members: [(String, JSONNode)] = [
            ("containers", .array([.object([("name", .string("main")), ("image", .string("busybox"))])])),
            ("restartPolicy", .string("Never")),
        ]
        jobs.optional("nodeName", .string(jobs.pick(["n7", "ip-10-0-1-2.internal", jobs.text()])), into: &members)
        jobs.extras(into: &members)
        return .object(members)
    }

    mutating func status() -> JSONNode {
        var members: [(String, JSONNode)] = []
        jobs.optional("phase", .string(jobs.pick(["Pending", "Running", "Succeeded", "Failed", "Unknown", jobs.text()])), into: &members)
        jobs.optional("reason", .string(jobs.pick(["Evicted", "DeadlineExceeded", jobs.text()])), into: &members)
        jobs.optional("message", .string(jobs.text()), into: &members)
        jobs.optional("startTime", .string(jobs.time()), into: &members)
        jobs.optional("hostIP", .string("10.0.0.1"), into: &members)
        jobs.optional("conditions", .array((0..<Int(jobs.random.next() % 4)).map { _ in condition() }), into: &members)
        jobs.optional("initContainerStatuses", .array((0..<Int(jobs.random.next() % 2)).map { _ in container() }), into: &members)
        jobs.optional("containerStatuses", .array((0..<Int(jobs.random.next() % 3)).map { _ in container() }), into: &members)
        jobs.extras(into: &members)
        return .object(members)
    }

    mutating func condition() -> JSONNode {
        var members: [(String, JSONNode)] = [
            ("type", .string(jobs.pick(["PodScheduled", "Ready", "Initialized", "ContainersReady"]))),
            ("status", .string(jobs.pick(["True", "False", "Unknown"]))),
        ]
        jobs.optional("reason", .string(jobs.pick(["Unschedulable", "PodFailed", jobs.text()])), into: &members)
        jobs.optional("message", .string(jobs.text()), into: &members)
        jobs.optional("lastTransitionTime", .string(jobs.time()), into: &members)
        jobs.optional("lastProbeTime", .string(jobs.time()), into: &members)
        jobs.extras(into: &members)
        return .object(members)
    }

    mutating func container() -> JSONNode {
        var members: [(String, JSONNode)] = [("name", .string(jobs.pick(["main", "init", jobs.text()])))]
        jobs.optional("state", state(), into: &members)
        jobs.optional("lastState", state(), into: &members)
        jobs.optional("ready", .bool(jobs.chance(50)), into: &members)
        jobs.optional("started", .bool(jobs.chance(50)), into: &members)
        jobs.optional("restartCount", .integer(Int64(jobs.random.next() % 5)), into: &members)
        jobs.optional("image", .string("busybox:1.36"), into: &members)
        jobs.optional("imageID", .string("sha256:00"), into: &members)
        jobs.extras(into: &members)
        return .object(members)
    }

    mutating func state() -> JSONNode {
        var members: [(String, JSONNode)] = []
        if jobs.chance(40) {
            var waiting: [(String, JSONNode)] = []
            jobs.optional("reason", .string(jobs.pick(["ImagePullBackOff", "ContainerCreating", jobs.text()])), into: &waiting)
            jobs.optional("message", .string(jobs.text()), into: &waiting)
            jobs.optional("waiting", .object(waiting), into: &members)
        }
        if jobs.chance(40) {
            var running: [(String, JSONNode)] = []
            jobs.optional("startedAt", .string(jobs.time()), into: &running)
            jobs.optional("running", .object(running), into: &members)
        }
        if jobs.chance(40) {
            var terminated: [(String, JSONNode)] = []
            jobs.optional("exitCode", .integer(jobs.pick([0, 1, 137, 143, -1])), into: &terminated)
            jobs.optional("signal", .integer(jobs.pick([9, 15])), into: &terminated)
            jobs.optional("reason", .string(jobs.pick(["OOMKilled", "Error", "Completed", jobs.text()])), into: &terminated)
            jobs.optional("message", .string(jobs.text()), into: &terminated)
            jobs.optional("startedAt", .string(jobs.time()), into: &terminated)
            jobs.optional("finishedAt", .string(jobs.time()), into: &terminated)
            jobs.optional("containerID", .string("containerd://x"), into: &terminated)
            jobs.optional("terminated", .object(terminated), into: &members)
        }
        jobs.extras(into: &members)
        return .object(members)
    }
}
