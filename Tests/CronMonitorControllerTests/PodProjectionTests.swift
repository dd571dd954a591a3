import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

/// What the controller keeps of a Job's Pod, read from Pods as the Job controller, the
/// scheduler and the kubelet write them.
@Suite struct PodProjectionTests {
    static func pod(_ json: String) throws -> PodProjection {
        PodProjection(try JSONDecoder().decode(CoreV1.Pod.self, from: Data(json.utf8)))
    }

    static let metadata = #"""
        {"name":"backup-29120-x7k2p","namespace":"ops","uid":"p1","creationTimestamp":"2026-12-01T02:00:01Z",
         "labels":{"batch.kubernetes.io/controller-uid":"j1","batch.kubernetes.io/job-name":"backup-29120",
                   "controller-uid":"j1","job-name":"backup-29120"},
         "ownerReferences":[{"apiVersion":"batch/v1","kind":"Job","name":"backup-29120","uid":"j1","controller":true,"blockOwnerDeletion":true}]}
        """#

    /// A cached Pod costs its store entry (a 16-byte object header plus the projection) in one
    /// allocation, 128 bytes at 112 bytes of projection (issue 13/14: ≤ 512 bytes per cached
    /// Pod in all, measured by `cronmonitor-bench pod-memory`).
    @Test func theProjectionKeepsItsSize() {
        #expect(MemoryLayout<PodProjection>.size <= 112)
    }

    @Test func anOOMKilledPodAsTheKubeletWritesIt() throws {
        let pod = try Self.pod(
            #"""
            {"apiVersion":"v1","kind":"Pod","metadata":\#(Self.metadata),
             "spec":{"nodeName":"n7","restartPolicy":"Never","containers":[{"name":"backup","image":"backup:1"}]},
             "status":{"phase":"Failed","startTime":"2026-12-01T02:00:02Z",
               "conditions":[{"type":"PodScheduled","status":"True","lastTransitionTime":"2026-12-01T02:00:01Z"},
                             {"type":"Ready","status":"False","reason":"PodFailed"}],
               "containerStatuses":[{"name":"backup","image":"backup:1","imageID":"sha256:1","ready":false,"started":false,
                 "restartCount":0,"state":{"terminated":{"exitCode":137,"reason":"OOMKilled",
                 "startedAt":"2026-12-01T02:00:03Z","finishedAt":"2026-12-01T02:01:03Z","containerID":"containerd://a"}}}]}}
            """#)
        #expect(pod.key == ObjectKey(namespace: "ops", name: "backup-29120-x7k2p"))
        #expect(pod.jobUID == "j1")
        #expect(pod.jobName == "backup-29120")
        #expect(pod.node == "n7")
        #expect(pod.phase == .failed)
        #expect(pod.unscheduled == nil)
        #expect(
            pod.containers == [
                PodProjection.Container(
                    name: "backup", state: .terminated(PodProjection.Termination(exitCode: 137, reason: "OOMKilled")))
            ])
        #expect(pod.hasStarted)
    }

    @Test func anUnschedulablePod() throws {
        let pod = try Self.pod(
            #"""
            {"metadata":\#(Self.metadata),"spec":{},
             "status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"Unschedulable",
               "message":"0/3 nodes are available: 3 Insufficient memory."}]}}
            """#)
        #expect(pod.node == nil)
        #expect(pod.phase == .pending)
        #expect(pod.unscheduled == PodProjection.Waiting(reason: "Unschedulable", message: "0/3 nodes are available: 3 Insufficient memory."))
        #expect(!pod.hasStarted)
    }

    @Test func aPodWaitingForItsImageHasNotStarted() throws {
        let pod = try Self.pod(
            #"""
            {"metadata":\#(Self.metadata),"spec":{"nodeName":"n1"},
             "status":{"phase":"Pending","initContainerStatuses":[{"name":"init","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}],
               "containerStatuses":[{"name":"backup","restartCount":0,
               "state":{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image \"nope:1\""}}}]}}
            """#)
        #expect(pod.containers.map(\.name) == ["backup"], "an init container that ended well explains nothing")
        #expect(pod.containers.map(\.isInit) == [false])
        #expect(
            pod.containers.first?.state
                == .waiting(PodProjection.Waiting(reason: "ImagePullBackOff", message: "Back-off pulling image \"nope:1\"")))
        #expect(pod.containers.first?.hasStarted == false)
        #expect(pod.hasStarted, "an init container that ran counts as a start")
    }

    @Test func aPodWithOnlyTheOlderLabelsOrOnlyAnOwnerStillNamesItsJob() throws {
        let legacy = try Self.pod(
            #"{"metadata":{"name":"p","namespace":"ops","labels":{"controller-uid":"j2","job-name":"old"}}}"#)
        #expect(legacy.jobUID == "j2")
        #expect(legacy.jobName == "old")
        let owned = try Self.pod(
            #"{"metadata":{"name":"p","namespace":"ops","ownerReferences":[{"apiVersion":"batch/v1","kind":"Job","name":"j","uid":"j3","controller":true}]}}"#)
        #expect(owned.jobUID == "j3")
        #expect(owned.jobName == "j")
        #expect(owned.phase == .pending, "no status yet: pending")
    }

    @Test func longAndMultiLineMessagesAreCutToOneShortLine() throws {
        let long = String(repeating: "x", count: 1_000)
        let pod = try Self.pod(
            #"{"metadata":{"name":"p","namespace":"ops"},"status":{"phase":"Failed","reason":"Evicted","message":"first\nsecond \#(long)"}}"#)
        let message = try #require(pod.message)
        #expect(message.hasPrefix("first second x"))
        #expect(message.count == 240)
        #expect(message.hasSuffix("…"))
        #expect(!message.contains("\n"))
    }

    @Test func theFixturePodIsRead() throws {
        let url = JobProjectionReaderTests.fixtures.appendingPathComponent("core.v1.Pod.json")
        let pod = PodProjection(try JSONDecoder().decode(CoreV1.Pod.self, from: Data(contentsOf: url)))
        #expect(pod.key.name == "nameValue")
        #expect(pod.phase == .unknown, "a phase the API does not define")
        #expect(!pod.containers.isEmpty)
        // The fixture sets every state at once; the furthest along tells.
        if case .terminated(let end) = pod.containers.first?.state {
            #expect(end.exitCode == 1)
            #expect(end.signal == 2)
        } else {
            Issue.record("expected the terminated state of the fixture")
        }
    }

    @Test func containersThatRunOrEndedWellAreNotKept() throws {
        let pod = try Self.pod(
            #"""
            {"metadata":\#(Self.metadata),"spec":{"nodeName":"n1"},
             "status":{"phase":"Running","containerStatuses":[
               {"name":"main","state":{"running":{"startedAt":"2026-12-01T02:00:03Z"}}},
               {"name":"sidecar","state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
               {"name":"flaky","restartCount":2,"state":{"running":{}},"lastState":{"terminated":{"exitCode":2,"reason":"Error"}}}]}}
            """#)
        #expect(pod.containers.map(\.name) == ["flaky"], "only the container that restarted after a failure")
        #expect(pod.containers.first?.lastTermination == PodProjection.Termination(exitCode: 2, reason: "Error"))
        #expect(pod.containers.first?.restartCount == 2)
        #expect(pod.hasStarted)
    }
}
