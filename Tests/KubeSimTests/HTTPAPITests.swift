import Foundation
import KubernetesModel
import Testing
@testable import KubeSim

@Suite(.timeLimit(.minutes(5))) struct HTTPAPITests {
    @Test func resourcesNeedATokenButPublicInfoDoesNot() async throws {
        try await Harness.withServer { _, client, _ in
            let anonymous = try await client.request("GET", "/api/v1/namespaces", token: .some(nil))
            #expect(anonymous.status == 401)
            #expect(anonymous.body.at("kind") == .string("Status"))
            #expect(anonymous.body.at("reason") == .string("Unauthorized"))
            let wrong = try await client.request("GET", "/version", token: "wrong")
            #expect(wrong.status == 401)
            let version = try await client.request("GET", "/version", token: .some(nil))
            #expect(version.status == 200)
            #expect(version.body.at("gitVersion")?.stringValue?.hasPrefix("v1.30.") == true)
            let discovery = try await client.request("GET", "/apis/batch/v1", token: .some(nil))
            #expect(discovery.body.at("kind") == .string("APIResourceList"))
            let authorized = try await client.request("GET", "/api/v1/namespaces")
            #expect(authorized.status == 200)
        }
    }

    @Test func aggregatedDiscoveryIsNegotiated() async throws {
        try await Harness.withServer { _, client, _ in
            let accept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json"
            let aggregated = try await client.request("GET", "/apis", accept: accept)
            #expect(aggregated.contentType == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
            #expect(aggregated.body.at("kind") == .string("APIGroupDiscoveryList"))
            let plain = try await client.request("GET", "/apis")
            #expect(plain.body.at("kind") == .string("APIGroupList"))
        }
    }

    @Test func createGetConflictAndStatusBodies() async throws {
        try await Harness.withServer { _, client, _ in
            let body = #"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"a"},"spec":{"template":{}}}"#
            let created = try await client.request("POST", "/apis/batch/v1/namespaces/default/jobs", body: body)
            #expect(created.status == 201)
            let duplicate = try await client.request("POST", "/apis/batch/v1/namespaces/default/jobs", body: body)
            #expect(duplicate.status == 409)
            #expect(duplicate.body.at("reason") == .string("AlreadyExists"))
            #expect(duplicate.body.at("details.kind") == .string("jobs"))
            #expect(duplicate.body.at("details.group") == .string("batch"))
            let missing = try await client.request("GET", "/apis/batch/v1/namespaces/default/jobs/zzz")
            #expect(missing.status == 404)
            #expect(missing.body.at("message") == .string("jobs.batch \"zzz\" not found"))
            var stale = created.body
            stale.setMetadata("resourceVersion", .string("1"))
            let staleText = String(decoding: try JSONEncoder().encode(stale), as: UTF8.self)
            let conflict = try await client.request("PUT", "/apis/batch/v1/namespaces/default/jobs/a", body: staleText)
            #expect(conflict.status == 409)
            #expect(conflict.body.at("reason") == .string("Conflict"))
            let yamlApply = try await client.request("PATCH", "/apis/batch/v1/namespaces/default/jobs/a",
                                                     body: "metadata:\n  name: a\n", contentType: "application/apply-patch+yaml")
            #expect(yamlApply.status == 415)
            #expect(yamlApply.body.at("reason") == .string("UnsupportedMediaType"))
        }
    }

    /// Server-side apply with a JSON body (what Helm and client-go send): creates a missing
    /// object, merges into an existing one.
    @Test func serverSideApplyCreatesOrMerges() async throws {
        try await Harness.withServer { store, client, _ in
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
            let merged = try await client.request(
                "PATCH", "/apis/batch/v1/namespaces/default/jobs/a?fieldManager=test",
                body: #"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"a","labels":{"applied":"yes"}}}"#,
                contentType: "application/apply-patch+yaml")
            #expect(merged.status == 200)
            #expect(merged.body.at("metadata.labels.applied") == .string("yes"))
            #expect(merged.body.at("spec.template.spec.restartPolicy") == .string("Never"))
            let job = try Harness.job("b")
            let body = String(decoding: try JSONEncoder().encode(job), as: UTF8.self)
            let created = try await client.request(
                "PATCH", "/apis/batch/v1/namespaces/default/jobs/b?fieldManager=test", body: body,
                contentType: "application/apply-patch+yaml")
            #expect(created.status == 200 || created.status == 201)
            #expect(created.body.at("metadata.namespace") == .string("default"))
            let read = try await client.request("GET", "/apis/batch/v1/namespaces/default/jobs/b")
            #expect(read.status == 200)
        }
    }

    @Test func patchesOverHTTP() async throws {
        try await Harness.withServer { store, client, _ in
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
            let path = "/apis/batch/v1/namespaces/default/jobs/a"
            let merged = try await client.request("PATCH", path, body: #"{"metadata":{"labels":{"x":"1"}}}"#,
                                                  contentType: "application/merge-patch+json")
            #expect(merged.body.at("metadata.labels.x") == .string("1"))
            let patched = try await client.request("PATCH", path, body: #"[{"op":"add","path":"/spec/suspend","value":true}]"#,
                                                   contentType: "application/json-patch+json")
            #expect(patched.body.at("spec.suspend") == .bool(true))
            #expect(patched.body.at("metadata.generation") == .int(2))
            let status = try await client.request("PATCH", path + "/status", body: #"{"status":{"active":1},"spec":{"suspend":false}}"#,
                                                  contentType: "application/strategic-merge-patch+json")
            #expect(status.body.at("status.active") == .int(1))
            #expect(status.body.at("spec.suspend") == .bool(true))
        }
    }

    @Test func paginationCoversTenThousandObjects() async throws {
        let store = try ObjectStore()
        for index in 0..<10_000 {
            _ = try store.create(.leases, namespace: "default", object: try json(#"{"metadata":{"name":"lease-\#(index)"}}"#))
        }
        try await Harness.withServer(store: store) { _, client, _ in
            var names: [String] = []
            var token: String?
            var pages = 0
            var listVersions: Set<String> = []
            repeat {
                let query = "limit=500" + (token.map { "&continue=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? "")
                let page = try await client.request("GET", "/apis/coordination.k8s.io/v1/namespaces/default/leases?\(query)")
                #expect(page.status == 200)
                names += (page.body.at("items")?.arrayValue ?? []).compactMap { $0.at("metadata.name")?.stringValue }
                token = page.body.at("metadata.continue")?.stringValue
                listVersions.insert(page.body.at("metadata.resourceVersion")?.stringValue ?? "")
                pages += 1
            } while token != nil && pages < 100
            #expect(pages == 20)
            #expect(names.count == 10_000)
            #expect(Set(names).count == 10_000)
            #expect(names == names.sorted())
            #expect(listVersions.count == 1)
        }
    }

    @Test func labelAndFieldSelectorsOverHTTP() async throws {
        try await Harness.withServer { store, client, _ in
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("a", labels: ["app": "web", "tier": "front"]))
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("b", labels: ["app": "web", "tier": "back"]))
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("c", labels: ["app": "db"]))
            func names(_ query: String) async throws -> [String] {
                let reply = try await client.request("GET", "/apis/batch/v1/jobs?\(query)")
                return (reply.body.at("items")?.arrayValue ?? []).compactMap { $0.at("metadata.name")?.stringValue }
            }
            #expect(try await names("labelSelector=app%3Dweb") == ["a", "b"])
            #expect(try await names("labelSelector=tier+in+%28back%2Cmiddle%29") == ["b"])
            #expect(try await names("labelSelector=%21tier") == ["c"])
            #expect(try await names("fieldSelector=metadata.name%3Dc") == ["c"])
            #expect(try await names("fieldSelector=metadata.name%21%3Dc&labelSelector=tier%3Dfront") == ["a"])
            let bad = try await client.request("GET", "/apis/batch/v1/jobs?fieldSelector=spec.x%3D1")
            #expect(bad.status == 400)
            _ = try store.create(.coreEvents, namespace: "default", object: try json(
                #"{"metadata":{"name":"e1"},"involvedObject":{"kind":"Job","name":"a"},"reason":"Started"}"#))
            _ = try store.create(.coreEvents, namespace: "default", object: try json(
                #"{"metadata":{"name":"e2"},"involvedObject":{"kind":"Job","name":"b"},"reason":"Started"}"#))
            let events = try await client.request("GET", "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Db")
            #expect(events.body.at("items")?.arrayValue?.count == 1)
            #expect(events.body.at("items.0.metadata.name") == .string("e2"))
        }
    }

    @Test func backgroundPropagationDeletesDependentsOverHTTP() async throws {
        try await Harness.withServer { store, client, _ in
            let owner = try store.create(.cronJobs, namespace: "default", object: try json(#"{"metadata":{"name":"nightly"},"spec":{}}"#))
            let uid = try #require(owner.at("metadata.uid")?.stringValue)
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("nightly-1", owner: ("nightly", uid)))
            let wrongUID = try await client.request("DELETE", "/apis/batch/v1/namespaces/default/cronjobs/nightly",
                                                    body: #"{"preconditions":{"uid":"nope"}}"#)
            #expect(wrongUID.status == 409)
            let deleted = try await client.request("DELETE", "/apis/batch/v1/namespaces/default/cronjobs/nightly",
                                                   body: #"{"propagationPolicy":"Background","preconditions":{"uid":"\#(uid)"}}"#)
            #expect(deleted.status == 200)
            #expect(deleted.body.at("status") == .string("Success"))
            let jobs = try await client.request("GET", "/apis/batch/v1/namespaces/default/jobs")
            #expect(jobs.body.at("items")?.arrayValue?.isEmpty == true)
        }
    }

    @Test func tablesCarryPrinterColumns() async throws {
        try await Harness.withServer { store, client, _ in
            _ = try store.create(.customResourceDefinitions, namespace: nil, object: try TestCRD.widgets())
            let widgets = try #require(store.resourceType(group: "example.com", version: "v1", plural: "widgets"))
            _ = try store.create(widgets, namespace: "default", object: try json(#"{"metadata":{"name":"w"},"spec":{"color":"blue"}}"#))
            let table = try await client.request("GET", "/apis/example.com/v1/namespaces/default/widgets",
                                                 accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
            #expect(table.body.at("kind") == .string("Table"))
            let columns = (table.body.at("columnDefinitions")?.arrayValue ?? []).compactMap { $0.at("name")?.stringValue }
            #expect(columns == ["Name", "Color", "Ready", "Age"])
            #expect(table.body.at("rows.0.cells.0") == .string("w"))
            #expect(table.body.at("rows.0.cells.1") == .string("blue"))
            #expect(table.body.at("rows.0.cells.2") == .null)
        }
    }
}

@Suite struct ValidationTests {
    @Test(arguments: [
        #"{"metadata":{"name":"Bad_Name"}}"#,
        #"{"metadata":{"name":"ok","labels":{"app":"has space"}}}"#,
        #"{"metadata":{"name":"ok","labels":{"-bad-key":"x"}}}"#,
    ])
    func invalidObjectsAreUnprocessable(body: String) async throws {
        try await Harness.withServer { _, client, _ in
            let reply = try await client.request("POST", "/apis/coordination.k8s.io/v1/namespaces/default/leases", body: body)
            #expect(reply.status == 422)
            #expect(reply.body.at("reason") == .string("Invalid"))
            #expect(reply.body.at("details.kind") == .string("Lease"))
            #expect(reply.body.at("details.causes.0.field") != nil)
        }
    }

    @Test(arguments: ["app", "example.com/app", "a.b-c_d"])
    func validLabelKeys(key: String) {
        #expect(ObjectValidation.isQualifiedName(key))
    }
}
