import Foundation
import KubernetesModel
import Testing

@Suite struct WatchEventTests {
    func decode(_ line: String) throws -> WatchEvent<BatchV1.Job> {
        try JSONDecoder().decode(WatchEvent<BatchV1.Job>.self, from: Data(line.utf8))
    }

    @Test func objectEvents() throws {
        let added = try decode(#"{"type":"ADDED","object":{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"a","resourceVersion":"10"},"spec":{"backoffLimit":2}}}"#)
        #expect(added == .added(BatchV1.Job(metadata: ObjectMeta(name: "a", resourceVersion: "10"), spec: BatchV1.JobSpec(backoffLimit: 2))))
        #expect(added.type == "ADDED")
        let modified = try decode(#"{"type":"MODIFIED","object":{"metadata":{"name":"a"},"status":{"active":1}}}"#)
        #expect(modified.object?.status?.active == 1)
        #expect(modified.type == "MODIFIED")
        let deleted = try decode(#"{"type":"DELETED","object":{"metadata":{"name":"a"}}}"#)
        #expect(deleted == .deleted(BatchV1.Job(metadata: ObjectMeta(name: "a"))))
    }

    @Test func bookmarkCarriesOnlyTheResourceVersion() throws {
        let event = try decode(#"{"type":"BOOKMARK","object":{"kind":"Job","apiVersion":"batch/v1","metadata":{"resourceVersion":"12746","annotations":{"k8s.io/initial-events-end":"true"}},"spec":{"template":{"metadata":{"creationTimestamp":null}}},"status":{}}}"#)
        #expect(event == .bookmark(WatchBookmark(resourceVersion: "12746", annotations: ["k8s.io/initial-events-end": "true"])))
        #expect(event.object == nil)
    }

    @Test func errorEventCarriesTheStatus() throws {
        let event = try decode(#"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 100 (2000)","reason":"Expired","code":410}}"#)
        #expect(event == .error(Status(status: "Failure", message: "too old resource version: 100 (2000)", reason: "Expired", code: 410)))
    }

    @Test func unknownEventTypeIsADecodingError() {
        #expect(throws: DecodingError.self) { try decode(#"{"type":"RENAMED","object":{}}"#) }
    }

    @Test func eventsRoundTrip() throws {
        let events: [WatchEvent<BatchV1.Job>] = [
            .added(BatchV1.Job(metadata: ObjectMeta(name: "a"))),
            .bookmark(WatchBookmark(resourceVersion: "7")),
            .error(Status(status: "Failure", reason: "Expired", code: 410)),
        ]
        for event in events {
            let data = try JSONEncoder().encode(event)
            #expect(try JSONDecoder().decode(WatchEvent<BatchV1.Job>.self, from: data) == event)
        }
    }

    @Test func listDecodesPagingMetadataAndToleratesNullItems() throws {
        let page = try JSONDecoder().decode(ObjectList<BatchV1.Job>.self, from: Data(#"{"kind":"JobList","apiVersion":"batch/v1","metadata":{"resourceVersion":"55","continue":"abc","remainingItemCount":3},"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}"#.utf8))
        #expect(page.metadata == ListMeta(resourceVersion: "55", continue: "abc", remainingItemCount: 3))
        #expect(page.metadata.nextPageToken == "abc")
        #expect(page.items.map(\.metadata.name) == ["a", "b"])
        let empty = try JSONDecoder().decode(ObjectList<BatchV1.Job>.self, from: Data(#"{"metadata":{"resourceVersion":"56","continue":""},"items":null}"#.utf8))
        #expect(empty.items.isEmpty)
        #expect(empty.metadata.nextPageToken == nil)
    }

    @Test func statusWithCausesDecodes() throws {
        let json = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Job.batch \"x\" is invalid: spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0","reason":"Invalid","details":{"name":"x","group":"batch","kind":"Job","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: -1: must be greater than or equal to 0","field":"spec.backoffLimit"}]},"code":422}"#
        let status = try JSONDecoder().decode(Status.self, from: Data(json.utf8))
        #expect(status.code == 422)
        #expect(status.reason == "Invalid")
        #expect(status.details?.kind == "Job")
        #expect(status.details?.causes == [
            StatusCause(reason: "FieldValueInvalid", message: "Invalid value: -1: must be greater than or equal to 0", field: "spec.backoffLimit"),
        ])
    }
}
