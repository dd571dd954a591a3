import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime

/// `pod-memory`: this process's RSS before and after caching N Pods of Jobs, each decoded from a
/// whole Pod as the kubelet writes it (spec, managed fields, conditions, container states) and
/// projected into a `Store<PodProjection>` indexed by Job, as the operator caches them. The Pods
/// vary as a fleet's do: their own names, Jobs and UIDs; shared nodes, images and reasons.
struct PodMemoryBenchmark: Sendable {
    var options: BenchOptions

    func run() throws {
        let count = options.pods
        let store = Store<PodProjection>(indexers: Caches.podIndexers)

        ProcessMetrics.trimHeap()
        let baseline = try ProcessMetrics.residentBytes()
        let began = Sample.now()
        var bytes = 0
        for index in 0..<count {
            let json = Self.pod(index)
            bytes += json.count
            // As the operator's watch reads them: straight from the bytes (`PodProjection+JSON`).
            _ = store.apply(.applied(try PodProjection.readProjection(from: json).projection))
        }
        let elapsed = began.until(.now())
        ProcessMetrics.trimHeap()
        let steady = try ProcessMetrics.residentBytes()
        guard store.count == count else {
            throw BenchError.measurement("cached \(store.count) Pods, expected \(count)")
        }
        let perPod = Double(steady - baseline) / Double(count)
        Figures.say("pod-memory: \(count) Pods of Jobs (7 in 10 succeeded, 2 failed, 1 running) decoded and cached (\(bytes / count) bytes of JSON each) in \(Figures.seconds(elapsed.wall)); RSS before \(Figures.mebibytes(baseline)), after \(Figures.mebibytes(steady))")
        Figures.say(String(format: "pod-memory: %.0f bytes per cached Pod (RSS delta / Pods; PodProjection stride %d bytes + its strings, containers and index entry)", perPod, MemoryLayout<PodProjection>.stride))
    }

    /// The Pod of Job number `index`, as the API server returns it: 1 in 10 OOMKilled, 1 in 10
    /// failed with exit code 1, 1 in 10 running, the others succeeded.
    static func pod(_ index: Int) -> [UInt8] {
        let job = "backup-\(29_120_000 + index)"
        let uid = String(format: "5f1c0a2e-%04x-4c1d-9a7b-%012x", index % 65_536, index)
        let node = "ip-10-0-\(index % 40)-\(index % 200).eu-west-1.compute.internal"
        // A fleet's mix: most Pods ended well, some failed (OOMKilled or an exit code), some run.
        let (phase, state) =
            switch index % 10 {
            case 0: ("Failed", #"{"terminated":{"exitCode":137,"reason":"OOMKilled","startedAt":"2026-12-01T02:00:03Z","finishedAt":"2026-12-01T02:01:03Z","containerID":"containerd://\#(uid)"}}"#)
            case 1: ("Failed", #"{"terminated":{"exitCode":1,"reason":"Error","startedAt":"2026-12-01T02:00:03Z","finishedAt":"2026-12-01T02:01:03Z","containerID":"containerd://\#(uid)"}}"#)
            case 2: ("Running", #"{"running":{"startedAt":"2026-12-01T02:00:03Z"}}"#)
            default: ("Succeeded", #"{"terminated":{"exitCode":0,"reason":"Completed","startedAt":"2026-12-01T02:00:03Z","finishedAt":"2026-12-01T02:01:03Z","containerID":"containerd://\#(uid)"}}"#)
            }
        return Array(
            #"""
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"\#(job)-x7k2p","generateName":"\#(job)-","namespace":"team-\#(index % 10)",
            "uid":"\#(uid)-pod","resourceVersion":"\#(1_000_000 + index)","creationTimestamp":"2026-12-01T02:00:01Z",
            "labels":{"batch.kubernetes.io/controller-uid":"\#(uid)","batch.kubernetes.io/job-name":"\#(job)","controller-uid":"\#(uid)","job-name":"\#(job)","app":"backup"},
            "ownerReferences":[{"apiVersion":"batch/v1","kind":"Job","name":"\#(job)","uid":"\#(uid)","controller":true,"blockOwnerDeletion":true}],
            "finalizers":["batch.kubernetes.io/job-tracking"],
            "managedFields":[{"manager":"kube-controller-manager","operation":"Update","apiVersion":"v1","time":"2026-12-01T02:00:01Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:generateName":{},"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{}}}},
                             {"manager":"kubelet","operation":"Update","apiVersion":"v1","time":"2026-12-01T02:01:03Z","fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:conditions":{},"f:containerStatuses":{},"f:phase":{}}},"subresource":"status"}]},
            "spec":{"volumes":[{"name":"kube-api-access-abcde","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}}],"defaultMode":420}}],
            "containers":[{"name":"backup","image":"registry.example/backup:1.4","command":["/bin/backup","--all"],"resources":{"limits":{"memory":"256Mi"},"requests":{"cpu":"100m","memory":"128Mi"}},
            "volumeMounts":[{"name":"kube-api-access-abcde","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}],"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
            "restartPolicy":"Never","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default","nodeName":"\#(node)","schedulerName":"default-scheduler",
            "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}],"priority":0,"enableServiceLinks":true,"preemptionPolicy":"PreemptLowerPriority"},
            "status":{"phase":"\#(phase)","conditions":[{"type":"PodReadyToStartContainers","status":"False","lastTransitionTime":"2026-12-01T02:01:04Z"},
            {"type":"Initialized","status":"True","lastTransitionTime":"2026-12-01T02:00:01Z"},{"type":"Ready","status":"False","lastTransitionTime":"2026-12-01T02:01:03Z","reason":"PodFailed"},
            {"type":"ContainersReady","status":"False","lastTransitionTime":"2026-12-01T02:01:03Z","reason":"PodFailed"},{"type":"PodScheduled","status":"True","lastTransitionTime":"2026-12-01T02:00:01Z"}],
            "hostIP":"10.0.\#(index % 40).\#(index % 200)","podIP":"10.1.\#(index % 250).\#(index % 200)","startTime":"2026-12-01T02:00:01Z",
            "containerStatuses":[{"name":"backup","state":\#(state),
            "lastState":{},"ready":false,"restartCount":0,"image":"registry.example/backup:1.4","imageID":"registry.example/backup@sha256:0123456789abcdef","containerID":"containerd://\#(uid)","started":false}],
            "qosClass":"Burstable"}}
            """#.utf8)
    }
}
