import Foundation
import KubernetesModel
import Testing
@testable import KubeSim

@Suite struct ObjectStoreTests {
    @Test func resourceVersionsIncreaseAcrossResources() throws {
        let store = try ObjectStore()
        let first = try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
        let lease = try store.create(.leases, namespace: "default", object: try json(#"{"metadata":{"name":"l"}}"#))
        let second = try store.create(.jobs, namespace: "default", object: try Harness.job("b"))
        let versions = [first, lease, second].compactMap { Int64($0.at("metadata.resourceVersion")?.stringValue ?? "") }
        #expect(versions.count == 3)
        #expect(versions == versions.sorted() && Set(versions).count == 3)
        #expect(store.currentResourceVersion == versions.last)
    }

    @Test func createRejectsDuplicatesAndMissingNamespaces() throws {
        let store = try ObjectStore()
        _ = try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
        #expect(throws: APIError.alreadyExists(.jobs, name: "a")) {
            try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
        }
        #expect(throws: APIError.namespaceNotFound("nowhere")) {
            try store.create(.jobs, namespace: "nowhere", object: try Harness.job("a"))
        }
    }

    @Test func generateNameAddsASuffix() throws {
        let store = try ObjectStore()
        let created = try store.create(.jobs, namespace: "default", object: try json(#"{"metadata":{"generateName":"run-"},"spec":{}}"#))
        let name = try #require(created.at("metadata.name")?.stringValue)
        #expect(name.hasPrefix("run-") && name.count == 9)
    }

    @Test func staleUpdateIsAConflict() throws {
        let store = try ObjectStore()
        let created = try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
        var changed = created
        changed.set("spec", try json(#"{"parallelism":2}"#))
        let updated = try store.update(.jobs, namespace: "default", name: "a", object: changed)
        #expect(updated.at("metadata.generation") == .int(2))
        #expect(throws: APIError.staleUpdate(.jobs, name: "a")) {
            try store.update(.jobs, namespace: "default", name: "a", object: changed)
        }
    }

    @Test func seedKeepsTheCreationTimeAndStatusInOneChange() async throws {
        let store = try ObjectStore()
        let watch = try store.watch(.jobs, namespace: "default", options: ObjectStore.WatchOptions(resourceVersion: store.currentResourceVersion))
        defer { store.stopWatch(watch.id) }
        var job = try Harness.job("old")
        job.set("status", try json(#"{"startTime":"2026-11-20T08:00:05Z","succeeded":1}"#))
        let createdAt = Date(timeIntervalSince1970: 1_795_161_600)  // 2026-11-20T08:00:00Z
        let seeded = try store.seed(.jobs, namespace: "default", object: job, createdAt: createdAt)
        #expect(seeded.at("metadata.creationTimestamp") == .string("2026-11-20T08:00:00Z"))
        #expect(seeded.at("status.startTime") == .string("2026-11-20T08:00:05Z"))
        #expect(seeded.at("metadata.uid")?.stringValue?.isEmpty == false)
        #expect(try store.get(.jobs, namespace: "default", name: "old") == seeded)
        var events = watch.events.makeAsyncIterator()
        guard case .event(let type, let bytes) = await events.next() else {
            Issue.record("expected a watch event")
            return
        }
        #expect(type == .added)
        #expect(try JSONParser.parse(bytes).at("status.succeeded") == .int(1))
        // Plain create still drops the status of a kind with a status subresource.
        job.setMetadata("name", "new")
        let created = try store.create(.jobs, namespace: "default", object: job)
        #expect(created.at("status") == nil)
    }

    @Test func statusSubresourceIsSeparate() throws {
        let store = try ObjectStore()
        _ = try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
        var withStatus = try store.get(.jobs, namespace: "default", name: "a")
        withStatus.set("status", try json(#"{"active":1}"#))
        let mainWrite = try store.update(.jobs, namespace: "default", name: "a", object: withStatus)
        #expect(mainWrite.at("status.active") == nil)
        let statusWrite = try store.update(.jobs, namespace: "default", name: "a", object: withStatus, subresource: .status)
        #expect(statusWrite.at("status.active") == .int(1))
        #expect(statusWrite.at("metadata.generation") == .int(1))
        var specChange = statusWrite
        specChange.set("spec", try json(#"{"parallelism":3}"#))
        specChange.set("status", try json(#"{"active":9}"#))
        let statusIgnoresSpec = try store.update(.jobs, namespace: "default", name: "a", object: specChange, subresource: .status)
        #expect(statusIgnoresSpec.at("spec.parallelism") == nil)
        #expect(statusIgnoresSpec.at("status.active") == .int(9))
    }

    @Test func noOpUpdateKeepsTheResourceVersion() throws {
        let store = try ObjectStore()
        let created = try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
        let again = try store.update(.jobs, namespace: "default", name: "a", object: created)
        #expect(again.at("metadata.resourceVersion") == created.at("metadata.resourceVersion"))
    }

    @Test func finalizersHoldDeletionUntilRemoved() throws {
        let store = try ObjectStore()
        _ = try store.create(.leases, namespace: "default", object: try json(#"{"metadata":{"name":"l","finalizers":["example.com/x"]}}"#))
        let outcome = try store.delete(.leases, namespace: "default", name: "l")
        guard case .pending(let marked) = outcome else {
            Issue.record("expected a pending deletion, got \(outcome)")
            return
        }
        #expect(marked.at("metadata.deletionTimestamp") != nil)
        _ = try store.patch(.leases, namespace: "default", name: "l", type: .merge,
                            body: Array(#"{"metadata":{"finalizers":null}}"#.utf8))
        #expect(throws: APIError.notFound(.leases, name: "l")) { try store.get(.leases, namespace: "default", name: "l") }
    }

    @Test func deletePreconditionsAreChecked() throws {
        let store = try ObjectStore()
        _ = try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
        #expect(throws: APIError.self) {
            try store.delete(.jobs, namespace: "default", name: "a", options: ObjectStore.DeleteOptions(preconditionUID: "other"))
        }
        #expect(throws: APIError.self) {
            try store.delete(.jobs, namespace: "default", name: "a", options: ObjectStore.DeleteOptions(preconditionResourceVersion: "1"))
        }
        _ = try store.get(.jobs, namespace: "default", name: "a")
    }

    @Test(arguments: [ObjectStore.PropagationPolicy.background, .foreground, .orphan])
    func propagationPolicies(policy: ObjectStore.PropagationPolicy) throws {
        let store = try ObjectStore()
        let owner = try store.create(.cronJobs, namespace: "default", object: try json(#"{"metadata":{"name":"nightly"},"spec":{}}"#))
        let uid = try #require(owner.at("metadata.uid")?.stringValue)
        _ = try store.create(.jobs, namespace: "default", object: try Harness.job("nightly-1", owner: ("nightly", uid)))
        _ = try store.create(.jobs, namespace: "default", object: try Harness.job("unrelated"))
        _ = try store.delete(.cronJobs, namespace: "default", name: "nightly", options: ObjectStore.DeleteOptions(propagationPolicy: policy))
        #expect(throws: APIError.notFound(.cronJobs, name: "nightly")) {
            try store.get(.cronJobs, namespace: "default", name: "nightly")
        }
        let remaining = try store.list(.jobs, namespace: "default").items.count
        switch policy {
        case .background, .foreground:
            #expect(remaining == 1)
        case .orphan:
            #expect(remaining == 2)
            let orphan = try store.get(.jobs, namespace: "default", name: "nightly-1")
            #expect(orphan.at("metadata.ownerReferences") == nil)
        }
    }

    @Test func crdServesCustomResourcesUntilDeleted() throws {
        let store = try ObjectStore()
        _ = try store.create(.customResourceDefinitions, namespace: nil, object: try TestCRD.widgets())
        let widgets = try #require(store.resourceType(group: "example.com", version: "v1", plural: "widgets"))
        #expect(widgets.hasStatusSubresource)
        #expect(widgets.printerColumns.map(\.name) == ["Color", "Ready", "Age"])
        _ = try store.create(widgets, namespace: "default", object: try json(#"{"metadata":{"name":"w"},"spec":{"color":"blue"}}"#))
        _ = try store.delete(.customResourceDefinitions, namespace: nil, name: "widgets.example.com")
        #expect(store.resourceType(group: "example.com", version: "v1", plural: "widgets") == nil)
        #expect(try store.list(widgets, namespace: nil).items.isEmpty)
    }

    @Test func namespaceDeletionRemovesItsContents() throws {
        let store = try ObjectStore()
        _ = try store.create(.namespaces, namespace: nil, object: try json(#"{"metadata":{"name":"team"}}"#))
        _ = try store.create(.jobs, namespace: "team", object: try Harness.job("a"))
        _ = try store.delete(.namespaces, namespace: nil, name: "team")
        #expect(try store.list(.jobs, namespace: nil).items.isEmpty)
        #expect(throws: APIError.forbidden(.namespaces, name: "default", why: "this namespace may not be deleted")) {
            try store.delete(.namespaces, namespace: nil, name: "default")
        }
    }

    @Test func continueTokensExpireWhenCompacted() throws {
        let store = try ObjectStore(configuration: ObjectStore.Configuration(historyCapacity: 5))
        for index in 0..<4 { _ = try store.create(.jobs, namespace: "default", object: try Harness.job("j\(index)")) }
        let page = try store.list(.jobs, namespace: "default", options: ObjectStore.ListOptions(limit: 2))
        let token = try #require(page.continueToken)
        for index in 4..<12 { _ = try store.create(.jobs, namespace: "default", object: try Harness.job("j\(index)")) }
        #expect(throws: APIError.self) {
            try store.list(.jobs, namespace: "default", options: ObjectStore.ListOptions(limit: 2, continueToken: token))
        }
    }
}

enum TestCRD {
    static func widgets() throws -> JSONValue {
        try json("""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced",
          "names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wd"]},
          "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
            "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}},
            "additionalPrinterColumns":[
              {"name":"Color","type":"string","jsonPath":".spec.color"},
              {"name":"Ready","type":"boolean","jsonPath":".status.ready"},
              {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}]}]}}
        """)
    }
}

@Suite struct ListTests {
    @Test func pagesWithinANamespaceStopAtItsEnd() throws {
        let store = try ObjectStore()
        for namespace in ["a", "b", "c"] {
            _ = try store.create(.namespaces, namespace: nil, object: try json(#"{"metadata":{"name":"\#(namespace)"}}"#))
            for index in 0..<5 { _ = try store.create(.jobs, namespace: namespace, object: try Harness.job("j\(index)")) }
        }
        var names: [String] = []
        var token: String?
        repeat {
            let page = try store.list(.jobs, namespace: "b", options: ObjectStore.ListOptions(limit: 2, continueToken: token))
            names += try page.items.map { try #require(JSONCoding.decode($0).at("metadata.namespace")?.stringValue) }
            token = page.continueToken
        } while token != nil
        #expect(names == Array(repeating: "b", count: 5))
        let all = try store.list(.jobs, namespace: nil, options: ObjectStore.ListOptions(limit: 4))
        #expect(all.remainingItemCount == 11)
    }
}

@Suite struct ListVersionTests {
    @Test func listResourceVersionSemantics() throws {
        let store = try ObjectStore()
        _ = try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
        let current = store.currentResourceVersion
        #expect(try store.list(.jobs, namespace: nil, options: ObjectStore.ListOptions(resourceVersion: current - 1)).items.count == 1)
        #expect(try store.list(.jobs, namespace: nil, options: ObjectStore.ListOptions(resourceVersion: current, resourceVersionMatch: .exact)).items.count == 1)
        #expect(throws: APIError.tooLargeResourceVersion(current + 5, current: current)) {
            try store.list(.jobs, namespace: nil, options: ObjectStore.ListOptions(resourceVersion: current + 5))
        }
        do {
            _ = try store.list(.jobs, namespace: nil, options: ObjectStore.ListOptions(resourceVersion: current - 1, resourceVersionMatch: .exact))
            Issue.record("an Exact list at an old resourceVersion must fail")
        } catch {
            #expect(error.code == 410)
        }
    }
}

@Suite struct ForegroundDeletionTests {
    @Test func ownerWaitsForDependentsHeldByFinalizers() throws {
        let store = try ObjectStore()
        let owner = try store.create(.cronJobs, namespace: "default", object: try json(#"{"metadata":{"name":"nightly"},"spec":{}}"#))
        let uid = try #require(owner.at("metadata.uid")?.stringValue)
        var dependent = try Harness.job("nightly-1", owner: ("nightly", uid))
        dependent.setMetadata("finalizers", .array([.string("example.com/hold")]))
        _ = try store.create(.jobs, namespace: "default", object: dependent)
        let outcome = try store.delete(.cronJobs, namespace: "default", name: "nightly",
                                       options: ObjectStore.DeleteOptions(propagationPolicy: .foreground))
        guard case .pending(let marked) = outcome else {
            Issue.record("expected the owner to wait, got \(outcome)")
            return
        }
        #expect(marked.at("metadata.finalizers") == .array([.string("foregroundDeletion")]))
        #expect(try store.get(.jobs, namespace: "default", name: "nightly-1").at("metadata.deletionTimestamp") != nil)
        _ = try store.patch(.jobs, namespace: "default", name: "nightly-1", type: .merge,
                            body: Array(#"{"metadata":{"finalizers":null}}"#.utf8))
        #expect(throws: APIError.notFound(.cronJobs, name: "nightly")) {
            try store.get(.cronJobs, namespace: "default", name: "nightly")
        }
    }
}
