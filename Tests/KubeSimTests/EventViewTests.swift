import Foundation
import KubernetesModel
import Testing
@testable import KubeSim

/// events.k8s.io/v1 Events are a view of core v1 Events, as on a real server.
@Suite(.timeLimit(.minutes(5))) struct EventViewTests {
    static let event = #"""
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"m.1"},
         "regarding":{"kind":"CronMonitor","name":"m","namespace":"default","uid":"u1"},
         "related":{"kind":"Job","name":"m-1"},"reason":"RunFailed","note":"job m-1 failed","type":"Warning",
         "action":"Judged","reportingController":"cronmonitor.io/operator","reportingInstance":"pod-1",
         "eventTime":"2026-01-01T00:00:00.000000Z"}
        """#

    @Test func eventsWrittenThroughEitherAPIAreTheSameObjects() throws {
        let store = try ObjectStore()
        let created = try store.create(.events, namespace: "default", object: try json(Self.event))
        #expect(created.at("apiVersion") == .string("events.k8s.io/v1"))
        #expect(created.at("note") == .string("job m-1 failed"))
        let core = try store.get(.coreEvents, namespace: "default", name: "m.1")
        #expect(core.at("apiVersion") == .string("v1"))
        #expect(core.at("message") == .string("job m-1 failed"))
        #expect(core.at("involvedObject.name") == .string("m"))
        #expect(core.at("reportingComponent") == .string("cronmonitor.io/operator"))
        #expect(core.at("regarding") == nil)
        let byCoreField = try store.list(.coreEvents, namespace: "default",
                                         options: ObjectStore.ListOptions(fieldSelector: try FieldSelectorQuery(parsing: "involvedObject.uid=u1")))
        #expect(byCoreField.items.count == 1)
        let byViewField = try store.list(.events, namespace: "default",
                                         options: ObjectStore.ListOptions(fieldSelector: try FieldSelectorQuery(parsing: "regarding.name=m")))
        #expect(try byViewField.items.map { try JSONCoding.decode($0).at("regarding.uid") } == [.string("u1")])
        let patched = try store.patch(.events, namespace: "default", name: "m.1", type: .merge,
                                      body: Array(#"{"series":{"count":2,"lastObservedTime":"2026-01-01T00:01:00.000000Z"}}"#.utf8))
        #expect(patched.at("series.count") == .int(2))
        #expect(patched.at("note") == .string("job m-1 failed"))
        #expect(try store.get(.coreEvents, namespace: "default", name: "m.1").at("series.count") == .int(2))
    }

    @Test func watchesOfTheViewReceiveConvertedObjects() async throws {
        try await Harness.withServer { store, client, _ in
            let watch = try client.watch("/apis/events.k8s.io/v1/namespaces/default/events?watch=true&fieldSelector=regarding.name%3Dm&timeoutSeconds=30")
            defer { watch.close() }
            var events = watch.events.makeAsyncIterator()
            _ = try store.create(.coreEvents, namespace: "default", object: try json(
                #"{"metadata":{"name":"other"},"involvedObject":{"name":"x"},"message":"unrelated"}"#))
            _ = try store.create(.events, namespace: "default", object: try json(Self.event))
            let added = try #require(await events.next())
            #expect(added.at("type") == .string("ADDED"))
            #expect(added.at("object.apiVersion") == .string("events.k8s.io/v1"))
            #expect(added.at("object.note") == .string("job m-1 failed"))
        }
    }
}

@Suite struct EventTableTests {
    @Test func eventTablesShowKubectlsColumns() throws {
        let store = try ObjectStore()
        let created = try store.create(.events, namespace: "default", object: try json(EventViewTests.event))
        let now = try #require(Timestamps.parse("2026-01-01T00:05:00Z"))
        for resource in [ResourceType.coreEvents, .events] {
            let renderer = TableRenderer(resource: resource, now: now, includeObject: .none)
            let object = try store.get(resource, namespace: "default", name: "m.1")
            let cells = renderer.row(object).at("cells")?.arrayValue ?? []
            #expect(cells == [.string("5m"), .string("Warning"), .string("RunFailed"), .string("cronmonitor/m"),
                              .string("job m-1 failed"), .string("m.1")])
        }
        #expect(created.at("metadata.name") == .string("m.1"))
    }
}
