import Foundation
import KubernetesModel
import Testing

@Suite struct EncodingTests {
    func json<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    @Test func kindsWriteTheirTypeMeta() throws {
        let lease = CoordinationV1.Lease(
            metadata: ObjectMeta(name: "cronmonitor-operator", namespace: "ops"),
            spec: CoordinationV1.LeaseSpec(
                holderIdentity: "pod-a", leaseDurationSeconds: 15,
                renewTime: MicroTime(microsecondsSinceEpoch: 1_136_214_245_000_001)))
        let encoded = try json(lease)
        #expect(encoded["apiVersion"] == .string("coordination.k8s.io/v1"))
        #expect(encoded["kind"] == .string("Lease"))
        #expect(encoded["spec"]?["renewTime"] == .string("2006-01-02T15:04:05.000001Z"))
        #expect(encoded["spec"]?["acquireTime"] == nil)
        #expect(try JSONDecoder().decode(CoordinationV1.Lease.self, from: JSONEncoder().encode(lease)) == lease)

        #expect(try json(CoreV1.Event(metadata: ObjectMeta(name: "e"), involvedObject: ObjectReference()))["apiVersion"] == .string("v1"))
        #expect(try json(EventsV1.Event(metadata: ObjectMeta(name: "e")))["apiVersion"] == .string("events.k8s.io/v1"))
        #expect(try json(BatchV1.Job(metadata: ObjectMeta(name: "j")))["kind"] == .string("Job"))
        #expect(try json(BatchV1.CronJob(metadata: ObjectMeta(), spec: BatchV1.CronJobSpec(schedule: "@daily")))["kind"] == .string("CronJob"))
        #expect(try json(CoreV1.Pod(metadata: ObjectMeta()))["kind"] == .string("Pod"))
        #expect(try json(Status(code: 404))["kind"] == .string("Status"))
    }

    @Test func resourceDescriptors() {
        #expect(BatchV1.Job.resource == ResourceDescriptor(group: "batch", version: "v1", kind: "Job", plural: "jobs", isNamespaced: true))
        #expect(BatchV1.CronJob.apiVersion == "batch/v1")
        #expect(CoreV1.Event.apiVersion == "v1")
        #expect(CoreV1.Pod.resource.plural == "pods")
        #expect(EventsV1.Event.resource.group == "events.k8s.io")
        #expect(CoordinationV1.Lease.resource.plural == "leases")
    }

    @Test func conditionUsesTheWireStatusNames() throws {
        let condition = Condition(
            type: "Ready", status: .true, observedGeneration: 3,
            lastTransitionTime: Time(secondsSinceEpoch: 0), reason: "Resolved", message: "ok")
        let encoded = try json(condition)
        #expect(encoded["status"] == .string("True"))
        #expect(encoded["lastTransitionTime"] == .string("1970-01-01T00:00:00Z"))
        #expect(try JSONDecoder().decode(Condition.self, from: JSONEncoder().encode(condition)) == condition)
    }
}
