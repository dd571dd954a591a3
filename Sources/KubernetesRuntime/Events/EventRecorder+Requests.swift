import Foundation
import KubernetesClient
import KubernetesModel

extension EventRecorder {
    /// POSTs the Event of `write`, switching to core v1 for good when events.k8s.io is not served.
    func createObject(_ write: EventWrite, name: String, namespace: String, time: Date) async throws(KubernetesError) {
        let draft = write.draft
        switch api {
        case .eventsV1:
            do {
                _ = try await client.create(
                    draft.eventsV1(
                        name: name, namespace: namespace, time: time, count: write.count,
                        lastObserved: write.lastObserved, recorder: self))
                return
            } catch .notFound(let status) where status.details?.name == nil {
                // The collection itself is missing: the events.k8s.io group is not served.
                logger.info("events.k8s.io/v1 not served, falling back to core v1 Events")
                api = .coreV1
            }
        case .coreV1:
            break
        }
        _ = try await client.create(
            draft.coreV1(
                name: name, namespace: namespace, time: time, count: write.count, lastObserved: write.lastObserved,
                recorder: self))
    }

    /// PATCHes the series of an existing Event (merge patch of absolute values, so a retry is
    /// harmless). An aggregate's note changes too; events.k8s.io/v1 validation holds `note`
    /// immutable, so aggregates are patched through the core v1 view of the same object
    /// (`message`), which the API server validates as a legacy update.
    func patchSeries(_ write: EventWrite, name: String, namespace: String) async throws(KubernetesError) {
        let series: JSONValue = .object([
            "count": .int(Int64(write.count)),
            "lastObservedTime": .string(MicroTime(write.lastObserved).description),
        ])
        var fields: [String: JSONValue] = ["series": series]
        let resource: ResourceDescriptor
        switch (api, write.isAggregate) {
        case (.eventsV1, false):
            resource = EventsV1.Event.resource
        case (.eventsV1, true):
            resource = CoreV1.Event.resource
            fields["message"] = .string(write.draft.note)
        case (.coreV1, let isAggregate):
            resource = CoreV1.Event.resource
            fields["count"] = .int(Int64(write.count))
            fields["lastTimestamp"] = .string(Time(write.lastObserved).description)
            if isAggregate { fields["message"] = .string(write.draft.note) }
        }
        _ = try await client.patch(
            resource: resource, name: name, namespace: namespace, patch: .merge(.object(fields)), as: JSONValue.self)
    }
}
