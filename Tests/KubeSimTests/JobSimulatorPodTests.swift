import Foundation
import KubernetesModel
import Logging
import Testing
@testable import KubeSim

/// The Pods the simulated Job controller writes, through the store and over HTTP.
@Suite(.timeLimit(.minutes(5))) struct JobSimulatorPodTests {
    static func simulator(_ store: ObjectStore, createsPods: Bool = true) -> JobSimulator {
        var logger = Logger(label: "job-simulator-pod-test")
        logger.logLevel = .critical
        return JobSimulator(store: store, configuration: JobSimulator.Configuration(createsPods: createsPods, nodeName: "node-7"),
                            logger: logger)
    }

    static func at(_ seconds: TimeInterval) -> Date { JobSimulatorTests.at(seconds) }

    static func pods(_ store: ObjectStore, of job: JSONValue) throws -> [JSONValue] {
        let uid = job.at("metadata.uid")?.stringValue ?? ""
        let selector = try LabelSelectorQuery(parsing: "batch.kubernetes.io/controller-uid=\(uid)")
        return try store.list(.pods, namespace: "default", options: ObjectStore.ListOptions(labelSelector: selector)).items
            .map { try JSONParser.parse($0) }
    }

    static func resourceVersion(_ object: JSONValue) -> Int {
        object.at("metadata.resourceVersion")?.stringValue.flatMap { Int($0) } ?? -1
    }

    @Test func succeedingRunHasARunningThenSucceededPodWrittenBeforeTheJob() throws {
        let store = try ObjectStore()
        let simulator = Self.simulator(store)
        let created = try store.create(.jobs, namespace: "default", object: try JobSimulatorTests.job("ok", outcome: "succeed", runSeconds: 10))
        simulator.tick(now: Self.at(0))
        let running = try #require(try Self.pods(store, of: created).first)
        #expect(running.at("status.phase") == "Running")
        #expect(running.at("spec.nodeName") == "node-7")
        #expect(running.at("status.containerStatuses.0.state.running.startedAt") == .string(Timestamps.rfc3339(Self.at(0))))
        let started = try store.get(.jobs, namespace: "default", name: "ok")
        #expect(started.at("status.ready") == .int(1))
        #expect(Self.resourceVersion(running) < Self.resourceVersion(started))
        simulator.tick(now: Self.at(10))
        let pods = try Self.pods(store, of: created)
        #expect(pods.count == 1)
        let done = try #require(pods.first)
        #expect(done.at("status.phase") == "Succeeded")
        #expect(done.at("status.containerStatuses.0.state.terminated.reason") == "Completed")
        #expect(done.at("status.containerStatuses.0.state.terminated.exitCode") == .int(0))
        let complete = try store.get(.jobs, namespace: "default", name: "ok")
        #expect(JobSimulatorTests.conditions(complete).last == "Complete")
        #expect(Self.resourceVersion(done) < Self.resourceVersion(complete))
    }

    @Test func oomKilledRunFailsItsPodWithExit137() throws {
        let store = try ObjectStore()
        let simulator = Self.simulator(store)
        let created = try store.create(.jobs, namespace: "default", object: try JobSimulatorTests.job("big", outcome: "oom-killed", runSeconds: 3))
        simulator.tick(now: Self.at(0))
        #expect(simulator.tick(now: Self.at(3)) == ["default/big": .fail(
            reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit")])
        let pod = try #require(try Self.pods(store, of: created).first)
        #expect(pod.at("status.phase") == "Failed")
        #expect(pod.at("status.containerStatuses.0.state.terminated.reason") == "OOMKilled")
        #expect(pod.at("status.containerStatuses.0.state.terminated.exitCode") == .int(137))
    }

    @Test func theDeadlineDeletesAPendingPodBeforeFailingTheJob() async throws {
        let store = try ObjectStore()
        let simulator = Self.simulator(store)
        let created = try store.create(.jobs, namespace: "default", object: try JobSimulatorTests.job(
            "pull", outcome: "image-pull-backoff", spec: #""activeDeadlineSeconds":60"#))
        simulator.tick(now: Self.at(0))
        let pending = try #require(try Self.pods(store, of: created).first)
        #expect(pending.at("status.phase") == "Pending")
        #expect(pending.at("status.containerStatuses.0.state.waiting.reason") == "ImagePullBackOff")
        let active = try store.get(.jobs, namespace: "default", name: "pull")
        #expect(active.at("status.active") == .int(1))
        #expect(active.at("status.ready") == .int(0))
        #expect(simulator.tick(now: Self.at(59)).isEmpty)
        let watch = try store.watch(.pods, namespace: "default", options: ObjectStore.WatchOptions(resourceVersion: store.currentResourceVersion))
        defer { store.stopWatch(watch.id) }
        #expect(simulator.tick(now: Self.at(60)) == ["default/pull": .fail(
            reason: "DeadlineExceeded", message: "Job was active longer than specified deadline")])
        #expect(try Self.pods(store, of: created).isEmpty)
        var events = watch.events.makeAsyncIterator()
        guard case .event(let type, let bytes) = await events.next() else {
            Issue.record("expected the Pod's deletion")
            return
        }
        #expect(type == .deleted)
        let failed = try store.get(.jobs, namespace: "default", name: "pull")
        #expect(Self.resourceVersion(try JSONParser.parse(bytes)) < Self.resourceVersion(failed))
        #expect(failed.at("status.failed") == .int(1))
    }

    @Test func noPodRunRecordsAFailedCreateWarningOnce() throws {
        let store = try ObjectStore()
        let simulator = Self.simulator(store)
        let created = try store.create(.jobs, namespace: "default", object: try JobSimulatorTests.job(
            "quota", outcome: "no-pod", spec: #""activeDeadlineSeconds":30"#))
        simulator.tick(now: Self.at(0))
        simulator.tick(now: Self.at(10))
        #expect(try Self.pods(store, of: created).isEmpty)
        let job = try store.get(.jobs, namespace: "default", name: "quota")
        #expect(job.at("status.startTime") == .string(Timestamps.rfc3339(Self.at(0))))
        #expect(job.at("status.active") == nil)
        let events = try store.list(.coreEvents, namespace: "default").items.map { try JSONParser.parse($0) }
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event.at("type") == "Warning")
        #expect(event.at("reason") == "FailedCreate")
        #expect(event.at("involvedObject.kind") == "Job")
        #expect(event.at("involvedObject.name") == "quota")
        let podName = PodLifecycle.podName(jobName: "quota", uid: created.at("metadata.uid")?.stringValue ?? "")
        #expect(event.at("message")?.stringValue?.hasPrefix("Error creating: pods \"\(podName)\" is forbidden: exceeded quota: ") == true)
        #expect(simulator.tick(now: Self.at(30))["default/quota"]
            == .fail(reason: "DeadlineExceeded", message: "Job was active longer than specified deadline"))
        #expect(try store.get(.jobs, namespace: "default", name: "quota").at("status.failed") == nil)
    }

    @Test func podsCanBeTurnedOff() throws {
        let store = try ObjectStore()
        let simulator = Self.simulator(store, createsPods: false)
        _ = try store.create(.jobs, namespace: "default", object: try JobSimulatorTests.job("lean", outcome: "succeed", runSeconds: 1))
        simulator.tick(now: Self.at(0))
        #expect(simulator.tick(now: Self.at(1)) == ["default/lean": .complete])
        #expect(try store.list(.pods, namespace: nil).items.isEmpty)
    }

    /// What the operator watches: Pods of Jobs by the current label, and older Pods that carry
    /// only the legacy one.
    @Test func jobPodsOverHTTPWithSelectorsStatusAndGarbageCollection() async throws {
        try await Harness.withServer { store, client, _ in
            let simulator = Self.simulator(store)
            let created = try store.create(.jobs, namespace: "default", object: try JobSimulatorTests.job("run", outcome: "hang"))
            let uid = try #require(created.at("metadata.uid")?.stringValue)
            simulator.tick(now: Self.at(0))
            let legacy = #"{"metadata":{"name":"old-run-x2b4d","labels":{"controller-uid":"1234","job-name":"old-run"}},"#
                + #""spec":{"containers":[{"name":"main","image":"busybox"}]}}"#
            let posted = try await client.request("POST", "/api/v1/namespaces/default/pods", body: legacy)
            #expect(posted.status == 201)
            _ = try store.create(.pods, namespace: "default", object: try json(#"{"metadata":{"name":"loose","labels":{"app":"x"}},"spec":{}}"#))
            func names(_ selector: String) async throws -> [String] {
                let encoded = selector.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? selector
                let reply = try await client.request("GET", "/api/v1/namespaces/default/pods?labelSelector=\(encoded)")
                #expect(reply.status == 200)
                return (reply.body.at("items")?.arrayValue ?? []).compactMap { $0.at("metadata.name")?.stringValue }
            }
            let podName = PodLifecycle.podName(jobName: "run", uid: uid)
            #expect(try await names("batch.kubernetes.io/controller-uid") == [podName])
            #expect(try await names("controller-uid,!batch.kubernetes.io/controller-uid") == ["old-run-x2b4d"])
            #expect(try await names("job-name=run,controller-uid=\(uid)") == [podName])
            let pod = try await client.request("GET", "/api/v1/namespaces/default/pods/\(podName)")
            #expect(pod.body.at("metadata.ownerReferences.0.uid") == .string(uid))
            #expect(pod.body.at("metadata.labels")?["batch.kubernetes.io/controller-uid"] == .string(uid))
            #expect(pod.body.at("status.phase") == "Running")
            let patched = try await client.request("PATCH", "/api/v1/namespaces/default/pods/old-run-x2b4d/status",
                                                   body: #"{"status":{"phase":"Failed"},"spec":{"nodeName":"elsewhere"}}"#,
                                                   contentType: "application/merge-patch+json")
            #expect(patched.body.at("status.phase") == "Failed")
            #expect(patched.body.at("spec.nodeName") == nil)
            let deleted = try await client.request("DELETE", "/apis/batch/v1/namespaces/default/jobs/run",
                                                   body: #"{"propagationPolicy":"Background"}"#)
            #expect(deleted.status == 200)
            #expect(try await names("batch.kubernetes.io/controller-uid").isEmpty)
            #expect(try await names("controller-uid").count == 1)
        }
    }

    @Test func watchesSelectJobPodsByTheCurrentOrTheLegacyLabel() async throws {
        try await Harness.withServer { store, client, _ in
            let pods = "/api/v1/namespaces/default/pods?watch=true&timeoutSeconds=30&labelSelector="
            let current = try client.watch(pods + "batch.kubernetes.io%2Fcontroller-uid")
            defer { current.close() }
            let legacy = try client.watch(pods + "controller-uid%2C%21batch.kubernetes.io%2Fcontroller-uid")
            defer { legacy.close() }
            _ = try store.create(.pods, namespace: "default", object: try json(#"{"metadata":{"name":"loose"},"spec":{}}"#))
            _ = try store.create(.pods, namespace: "default", object: try json(
                #"{"metadata":{"name":"old-run-x2b4d","labels":{"controller-uid":"1234"}},"spec":{}}"#))
            let created = try store.create(.jobs, namespace: "default", object: try JobSimulatorTests.job("run", outcome: "succeed"))
            Self.simulator(store).tick(now: Self.at(0))
            let podName = PodLifecycle.podName(jobName: "run", uid: created.at("metadata.uid")?.stringValue ?? "")
            var currentEvents = current.events.makeAsyncIterator()
            let first = try #require(await currentEvents.next())
            #expect(first.at("type") == "ADDED")
            #expect(first.at("object.metadata.name") == .string(podName))
            var legacyEvents = legacy.events.makeAsyncIterator()
            let legacyFirst = try #require(await legacyEvents.next())
            #expect(legacyFirst.at("type") == "ADDED")
            #expect(legacyFirst.at("object.metadata.name") == "old-run-x2b4d")
        }
    }
}
