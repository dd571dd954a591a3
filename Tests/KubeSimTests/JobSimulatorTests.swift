import Foundation
import KubernetesModel
import Logging
import Synchronization
import Testing
@testable import KubeSim

@Suite(.timeLimit(.minutes(5))) struct JobSimulatorTests {
    static let start = Date(timeIntervalSince1970: 1_750_000_000)

    static func job(_ name: String, outcome: String? = nil, runSeconds: Int? = nil, spec: String = "") throws -> JSONValue {
        var annotations: [String] = []
        if let outcome { annotations.append("\"\(JobScript.outcomeAnnotation)\":\"\(outcome)\"") }
        if let runSeconds { annotations.append("\"\(JobScript.runSecondsAnnotation)\":\"\(runSeconds)\"") }
        return try json("""
            {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"\(name)","annotations":{\(annotations.joined(separator: ","))}},
             "spec":{\(spec)\(spec.isEmpty ? "" : ",")"template":{"spec":{"containers":[{"name":"c","image":"busybox"}],"restartPolicy":"Never"}}}}
            """)
    }

    static func simulator(_ store: ObjectStore) -> JobSimulator {
        var logger = Logger(label: "job-simulator-test")
        logger.logLevel = .critical
        return JobSimulator(store: store, now: { start }, logger: logger)
    }

    static func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    static func conditions(_ job: JSONValue) -> [String] {
        (job.at("status.conditions")?.arrayValue ?? []).map { $0["type"]?.stringValue ?? "" }
    }

    @Test func succeedingJobCompletesWithConditionsInOrder() async throws {
        let store = try ObjectStore()
        let simulator = Self.simulator(store)
        _ = try store.create(.jobs, namespace: "default", object: try Self.job("ok", outcome: "succeed", runSeconds: 10))
        let watch = try store.watch(.jobs, namespace: "default", options: ObjectStore.WatchOptions(resourceVersion: store.currentResourceVersion))
        defer { store.stopWatch(watch.id) }
        #expect(simulator.tick(now: Self.at(0)) == ["default/ok": .start])
        let running = try store.get(.jobs, namespace: "default", name: "ok")
        #expect(running.at("status.active") == .int(1))
        #expect(running.at("status.startTime") == .string(Timestamps.rfc3339(Self.at(0))))
        #expect(simulator.tick(now: Self.at(9)).isEmpty)
        #expect(simulator.tick(now: Self.at(10)) == ["default/ok": .complete])
        let done = try store.get(.jobs, namespace: "default", name: "ok")
        #expect(Self.conditions(done) == ["SuccessCriteriaMet", "Complete"])
        for condition in done.at("status.conditions")?.arrayValue ?? [] {
            #expect(condition["status"] == .string("True"))
            #expect(condition["lastTransitionTime"] == .string(Timestamps.rfc3339(Self.at(10))))
            #expect(condition["lastProbeTime"] == .string(Timestamps.rfc3339(Self.at(10))))
        }
        #expect(done.at("status.succeeded") == .int(1))
        #expect(done.at("status.active") == .int(0))
        #expect(done.at("status.completionTime") == .string(Timestamps.rfc3339(Self.at(10))))
        #expect(simulator.tick(now: Self.at(1000)).isEmpty)
        // Both status writes were real changes, seen by watchers.
        var events = watch.events.makeAsyncIterator()
        for _ in 0..<2 {
            guard case .event(let type, _) = await events.next() else {
                Issue.record("expected a watch event")
                return
            }
            #expect(type == .modified)
        }
    }

    @Test func failingJobFailsWithBackoffLimitExceeded() throws {
        let store = try ObjectStore()
        let simulator = Self.simulator(store)
        _ = try store.create(.jobs, namespace: "default", object: try Self.job("bad", outcome: "fail", runSeconds: 3))
        simulator.tick(now: Self.at(0))
        #expect(simulator.tick(now: Self.at(3)) == ["default/bad": .fail(
            reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit")])
        let failed = try store.get(.jobs, namespace: "default", name: "bad")
        #expect(Self.conditions(failed) == ["FailureTarget", "Failed"])
        #expect(failed.at("status.conditions.1.reason") == .string("BackoffLimitExceeded"))
        #expect(failed.at("status.failed") == .int(1))
        #expect(failed.at("status.active") == .int(0))
        #expect(failed.at("status.completionTime") == nil)
    }

    @Test func unannotatedJobSucceedsAfterTheDefaultRunTime() throws {
        let store = try ObjectStore()
        let simulator = Self.simulator(store)
        _ = try store.create(.jobs, namespace: "default", object: try Self.job("plain"))
        simulator.tick(now: Self.at(0))
        #expect(simulator.tick(now: Self.at(4)).isEmpty)
        #expect(simulator.tick(now: Self.at(5)) == ["default/plain": .complete])
    }

    @Test func hangingJobStaysActive() throws {
        let store = try ObjectStore()
        let simulator = Self.simulator(store)
        _ = try store.create(.jobs, namespace: "default", object: try Self.job("stuck", outcome: "hang", runSeconds: 1))
        simulator.tick(now: Self.at(0))
        #expect(simulator.tick(now: Self.at(86_400)).isEmpty)
        let job = try store.get(.jobs, namespace: "default", name: "stuck")
        #expect(job.at("status.active") == .int(1))
        #expect(job.at("status.conditions") == nil)
    }

    @Test func patchedActiveDeadlineFailsARunningJob() throws {
        let store = try ObjectStore()
        let simulator = Self.simulator(store)
        _ = try store.create(.jobs, namespace: "default", object: try Self.job("stuck", outcome: "hang"))
        simulator.tick(now: Self.at(0))
        #expect(simulator.tick(now: Self.at(100)).isEmpty)
        _ = try store.patch(.jobs, namespace: "default", name: "stuck", type: .merge,
                            body: Array(#"{"spec":{"activeDeadlineSeconds":30}}"#.utf8))
        #expect(simulator.tick(now: Self.at(100)) == ["default/stuck": .fail(
            reason: "DeadlineExceeded", message: "Job was active longer than specified deadline")])
        let failed = try store.get(.jobs, namespace: "default", name: "stuck")
        #expect(Self.conditions(failed) == ["FailureTarget", "Failed"])
        #expect(failed.at("status.conditions.0.reason") == .string("DeadlineExceeded"))
        #expect(failed.at("status.conditions.1.reason") == .string("DeadlineExceeded"))
        #expect(failed.at("status.completionTime") == nil)
    }

    @Test func deadlineBeforeTheRunTimeWins() throws {
        let store = try ObjectStore()
        let simulator = Self.simulator(store)
        _ = try store.create(.jobs, namespace: "default",
                             object: try Self.job("slow", outcome: "succeed", runSeconds: 60, spec: #""activeDeadlineSeconds":20"#))
        simulator.tick(now: Self.at(0))
        #expect(simulator.tick(now: Self.at(19)).isEmpty)
        #expect(simulator.tick(now: Self.at(20))["default/slow"]
            == .fail(reason: "DeadlineExceeded", message: "Job was active longer than specified deadline"))
    }

    @Test func suspendedJobDoesNotStartUntilResumed() throws {
        let store = try ObjectStore()
        let simulator = Self.simulator(store)
        _ = try store.create(.jobs, namespace: "default", object: try Self.job("held", runSeconds: 1, spec: #""suspend":true"#))
        #expect(simulator.tick(now: Self.at(0)).isEmpty)
        #expect(simulator.tick(now: Self.at(100)).isEmpty)
        #expect(try store.get(.jobs, namespace: "default", name: "held").at("status.startTime") == nil)
        _ = try store.patch(.jobs, namespace: "default", name: "held", type: .merge, body: Array(#"{"spec":{"suspend":false}}"#.utf8))
        #expect(simulator.tick(now: Self.at(200)) == ["default/held": .start])
    }

    @Test(arguments: [
        (JobScript.outcomeAnnotation, "explode"),
        (JobScript.runSecondsAnnotation, "soon"),
        (JobScript.runSecondsAnnotation, "-1"),
        (JobScript.exitCodeAnnotation, "0"),
        (JobScript.exitCodeAnnotation, "256"),
        (JobScript.exitCodeAnnotation, "one"),
    ])
    func unreadableAnnotationsAreRejected(annotation: String, value: String) throws {
        let job = try json(#"{"metadata":{"name":"x","annotations":{"\#(annotation)":"\#(value)"}}}"#)
        #expect(throws: JobScriptError.self) { try JobScript(job: job, defaultRunSeconds: 5) }
    }

    @Test func everyOutcomeAndAnExitCodeAreReadable() throws {
        for outcome in JobScript.Outcome.allCases {
            let job = try json(#"{"metadata":{"name":"x","annotations":{"\#(JobScript.outcomeAnnotation)":"\#(outcome.rawValue)","\#(JobScript.exitCodeAnnotation)":"255"}}}"#)
            #expect(try JobScript(job: job, defaultRunSeconds: 5) == JobScript(runSeconds: 5, outcome: outcome, exitCode: 255))
        }
    }
}

@Suite struct JobSimulatorLoopTests {
    @Test func backgroundLoopDrivesAJobToCompletion() async throws {
        let store = try ObjectStore()
        let clock = Mutex(JobSimulatorTests.start)
        var logger = Logger(label: "job-simulator-test")
        logger.logLevel = .critical
        let simulator = JobSimulator(store: store, configuration: JobSimulator.Configuration(interval: .milliseconds(5)),
                                     now: { clock.withLock { $0 } }, logger: logger)
        let watch = try store.watch(.jobs, namespace: "default")
        defer { store.stopWatch(watch.id) }
        _ = try store.create(.jobs, namespace: "default",
                             object: try JobSimulatorTests.job("looped", outcome: "succeed", runSeconds: 30))
        let loop = Task { try await simulator.run() }
        defer { loop.cancel() }
        var sawStart = false
        for await element in watch.events {
            guard case .event(_, let bytes) = element else { continue }
            let job = try JSONParser.parse(bytes)
            if job.at("status.active") == .int(1), !sawStart {
                sawStart = true
                // Time moves past the run time only once the job has started.
                clock.withLock { $0 = JobSimulatorTests.at(30) }
            }
            if JobSimulatorTests.conditions(job).last == "Complete" { break }
        }
        #expect(sawStart)
        let done = try store.get(.jobs, namespace: "default", name: "looped")
        #expect(done.at("status.completionTime") == .string(Timestamps.rfc3339(JobSimulatorTests.at(30))))
    }
}
