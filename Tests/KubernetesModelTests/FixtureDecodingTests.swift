import Foundation
import KubernetesModel
import Testing

@Suite struct FixtureDecodingTests {
    @Test func everyFixtureFileDecodesAsItsKind() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.directory.path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
        #expect(files == [
            "batch.v1.CronJob.json", "batch.v1.Job.json", "coordination.k8s.io.v1.Lease.json",
            "core.v1.Event.json", "core.v1.Pod.json", "events.k8s.io.v1.Event.json",
        ])
        for file in files {
            let name: String?
            switch file {
            case "batch.v1.CronJob.json": name = try Fixtures.decode(BatchV1.CronJob.self, file).metadata.name
            case "batch.v1.Job.json": name = try Fixtures.decode(BatchV1.Job.self, file).metadata.name
            case "coordination.k8s.io.v1.Lease.json": name = try Fixtures.decode(CoordinationV1.Lease.self, file).metadata.name
            case "core.v1.Event.json": name = try Fixtures.decode(CoreV1.Event.self, file).metadata.name
            case "core.v1.Pod.json": name = try Fixtures.decode(CoreV1.Pod.self, file).metadata.name
            case "events.k8s.io.v1.Event.json": name = try Fixtures.decode(EventsV1.Event.self, file).metadata.name
            default: name = nil
            }
            #expect(name == "nameValue", "\(file)")
        }
    }

    @Test func objectMetaFieldsFromTheJobFixture() throws {
        let meta = try Fixtures.decode(BatchV1.Job.self, "batch.v1.Job.json").metadata
        #expect(meta.name == "nameValue")
        #expect(meta.generateName == "generateNameValue")
        #expect(meta.namespace == "namespaceValue")
        #expect(meta.uid == "uidValue")
        #expect(meta.resourceVersion == "resourceVersionValue")
        #expect(meta.generation == 7)
        #expect(meta.creationTimestamp == (try Fixtures.time("2008-01-01T01:01:01Z")))
        #expect(meta.deletionTimestamp == (try Fixtures.time("2009-01-01T01:01:01Z")))
        #expect(meta.labels == ["labelsKey": "labelsValue"])
        #expect(meta.annotations == ["annotationsKey": "annotationsValue"])
        #expect(meta.ownerReferences == [
            OwnerReference(
                apiVersion: "apiVersionValue", kind: "kindValue", name: "nameValue", uid: "uidValue",
                controller: true, blockOwnerDeletion: true),
        ])
        #expect(meta.controllerReference?.uid == "uidValue")
        #expect(meta.finalizers == ["finalizersValue"])
    }

    @Test func jobSpecAndStatus() throws {
        let job = try Fixtures.decode(BatchV1.Job.self, "batch.v1.Job.json")
        #expect(job.spec.parallelism == 1)
        #expect(job.spec.completions == 2)
        #expect(job.spec.activeDeadlineSeconds == 3)
        #expect(job.spec.backoffLimit == 7)
        #expect(job.spec.suspend == true)
        #expect(job.spec.selector?.matchLabels == ["matchLabelsKey": "matchLabelsValue"])
        #expect(job.spec.selector?.matchExpressions == [
            LabelSelectorRequirement(key: "keyValue", operator: .unrecognized("operatorValue"), values: ["valuesValue"]),
        ])
        #expect(job.spec.template?.metadata?.labels == ["labelsKey": "labelsValue"])
        #expect(job.spec.template?.metadata?.annotations == ["annotationsKey": "annotationsValue"])

        let status = try #require(job.status)
        #expect(status.conditions == [
            BatchV1.JobCondition(
                type: "typeValue", status: "statusValue", reason: "reasonValue", message: "messageValue",
                lastTransitionTime: try Fixtures.time("2004-01-01T01:01:01Z"),
                lastProbeTime: try Fixtures.time("2003-01-01T01:01:01Z")),
        ])
        #expect(status.condition("typeValue")?.reason == "reasonValue")
        #expect(status.startTime == (try Fixtures.time("2002-01-01T01:01:01Z")))
        #expect(status.completionTime == (try Fixtures.time("2003-01-01T01:01:01Z")))
        #expect(status.active == 4)
        #expect(status.succeeded == 5)
        #expect(status.failed == 6)
        #expect(status.ready == 9)
        #expect(status.terminating == 11)
    }

    @Test func cronJobSpecAndStatus() throws {
        let cronJob = try Fixtures.decode(BatchV1.CronJob.self, "batch.v1.CronJob.json")
        #expect(cronJob.metadata.uid == "uidValue")
        #expect(cronJob.spec.schedule == "scheduleValue")
        #expect(cronJob.spec.timeZone == "timeZoneValue")
        #expect(cronJob.spec.startingDeadlineSeconds == 2)
        #expect(cronJob.spec.concurrencyPolicy == "concurrencyPolicyValue")
        #expect(cronJob.spec.suspend == true)
        #expect(cronJob.spec.successfulJobsHistoryLimit == 6)
        #expect(cronJob.spec.failedJobsHistoryLimit == 7)
        #expect(cronJob.spec.jobTemplate?.metadata?.labels == ["labelsKey": "labelsValue"])
        let status = try #require(cronJob.status)
        #expect(status.active == [
            ObjectReference(
                apiVersion: "apiVersionValue", kind: "kindValue", namespace: "namespaceValue", name: "nameValue",
                uid: "uidValue", resourceVersion: "resourceVersionValue", fieldPath: "fieldPathValue"),
        ])
        #expect(status.lastScheduleTime == (try Fixtures.time("2004-01-01T01:01:01Z")))
        #expect(status.lastSuccessfulTime == (try Fixtures.time("2005-01-01T01:01:01Z")))
    }

    @Test func leaseSpec() throws {
        let lease = try Fixtures.decode(CoordinationV1.Lease.self, "coordination.k8s.io.v1.Lease.json")
        #expect(lease.metadata.namespace == "namespaceValue")
        #expect(lease.spec == CoordinationV1.LeaseSpec(
            holderIdentity: "holderIdentityValue",
            leaseDurationSeconds: 2,
            acquireTime: try Fixtures.microTime("2003-01-01T01:01:01.000003Z"),
            renewTime: try Fixtures.microTime("2004-01-01T01:01:01.000004Z"),
            leaseTransitions: 5,
            strategy: "strategyValue",
            preferredHolder: "preferredHolderValue"))
        #expect(lease.spec.renewTime?.microsecondsSinceEpoch.remainderReportingOverflow(dividingBy: 1_000_000).partialValue == 4)
    }

    static let fixtureReference = ObjectReference(
        apiVersion: "apiVersionValue", kind: "kindValue", namespace: "namespaceValue", name: "nameValue",
        uid: "uidValue", resourceVersion: "resourceVersionValue", fieldPath: "fieldPathValue")

    @Test func eventsV1Event() throws {
        let event = try Fixtures.decode(EventsV1.Event.self, "events.k8s.io.v1.Event.json")
        #expect(event.eventTime == (try Fixtures.microTime("2002-01-01T01:01:01.000002Z")))
        #expect(event.series == EventsV1.EventSeries(
            count: 1, lastObservedTime: try Fixtures.microTime("2002-01-01T01:01:01.000002Z")))
        #expect(event.reportingController == "reportingControllerValue")
        #expect(event.reportingInstance == "reportingInstanceValue")
        #expect(event.action == "actionValue")
        #expect(event.reason == "reasonValue")
        #expect(event.regarding == Self.fixtureReference)
        #expect(event.related == Self.fixtureReference)
        #expect(event.note == "noteValue")
        #expect(event.type == "typeValue")
        #expect(event.deprecatedSource == EventSource(component: "componentValue", host: "hostValue"))
        #expect(event.deprecatedFirstTimestamp == (try Fixtures.time("2013-01-01T01:01:01Z")))
        #expect(event.deprecatedLastTimestamp == (try Fixtures.time("2014-01-01T01:01:01Z")))
        #expect(event.deprecatedCount == 15)
    }

    @Test func coreV1Event() throws {
        let event = try Fixtures.decode(CoreV1.Event.self, "core.v1.Event.json")
        #expect(event.involvedObject == Self.fixtureReference)
        #expect(event.reason == "reasonValue")
        #expect(event.message == "messageValue")
        #expect(event.source == EventSource(component: "componentValue", host: "hostValue"))
        #expect(event.firstTimestamp == (try Fixtures.time("2006-01-01T01:01:01Z")))
        #expect(event.lastTimestamp == (try Fixtures.time("2007-01-01T01:01:01Z")))
        #expect(event.count == 8)
        #expect(event.type == "typeValue")
        #expect(event.eventTime == (try Fixtures.microTime("2010-01-01T01:01:01.000010Z")))
        #expect(event.series?.count == 1)
        #expect(event.series?.lastObservedTime == (try Fixtures.microTime("2002-01-01T01:01:01.000002Z")))
        #expect(event.action == "actionValue")
        #expect(event.related == Self.fixtureReference)
        #expect(event.reportingComponent == "reportingComponentValue")
        #expect(event.reportingInstance == "reportingInstanceValue")
    }

    @Test func podPhase() throws {
        let pod = try Fixtures.decode(CoreV1.Pod.self, "core.v1.Pod.json")
        #expect(pod.metadata.name == "nameValue")
        #expect(pod.status?.phase == "phaseValue")
    }
}
