import Foundation
import KubernetesModel
import Testing
@testable import KubeSim

@Suite(.timeLimit(.minutes(5))) struct FaultInjectionTests {
    static let jobs = "/apis/batch/v1/namespaces/default/jobs"

    @Test func closingWatchesEndsOpenStreams() async throws {
        try await Harness.withServer { store, client, _ in
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
            let watch = try client.watch("\(Self.jobs)?watch=true&timeoutSeconds=300")
            defer { watch.close() }
            var events = watch.events.makeAsyncIterator()
            #expect(try #require(await events.next()).at("type") == .string("ADDED"))
            let reply = try await client.request("POST", "/kubesim/faults/close-watches")
            #expect(reply.status == 200)
            #expect(await events.next() == nil)
            #expect(store.activeWatchCount == 0)
        }
    }

    @Test func compactingHistoryMakesResumesGone() async throws {
        try await Harness.withServer { store, client, _ in
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("b"))
            // Even the newest version handed out before compaction is gone afterwards.
            let version = try #require(try await client.request("GET", Self.jobs).body.at("metadata.resourceVersion")?.stringValue)
            #expect(try await client.request("POST", "/kubesim/faults/compact").status == 200)
            let watch = try client.watch("\(Self.jobs)?watch=true&resourceVersion=\(version)&timeoutSeconds=30")
            defer { watch.close() }
            var events = watch.events.makeAsyncIterator()
            let error = try #require(await events.next())
            #expect(error.at("type") == .string("ERROR"))
            #expect(error.at("object.code") == .int(410))
            // A fresh list still works, and a watch from its version is accepted and live.
            let list = try await client.request("GET", Self.jobs)
            #expect(list.body.at("items")?.arrayValue?.count == 2)
            let fresh = try #require(list.body.at("metadata.resourceVersion")?.stringValue)
            #expect(fresh != version)
            let resumed = try client.watch("\(Self.jobs)?watch=true&resourceVersion=\(fresh)&timeoutSeconds=30")
            defer { resumed.close() }
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("c"))
            var live = resumed.events.makeAsyncIterator()
            let added = try #require(await live.next())
            #expect(added.at("type") == .string("ADDED"))
            #expect(added.at("object.metadata.name") == .string("c"))
        }
    }

    @Test func throttlingMatchesVerbAndResourceAndSendsRetryAfter() async throws {
        try await Harness.withServer { store, client, _ in
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
            let inject = try await client.request("POST", "/kubesim/faults/fail",
                                                  body: #"{"code":429,"count":2,"verb":"list","resource":"jobs","retryAfterSeconds":3}"#,
                                                  contentType: "application/x-www-form-urlencoded")
            #expect(inject.status == 200)
            let get = try await client.request("GET", "\(Self.jobs)/a")
            #expect(get.status == 200)
            let otherResource = try await client.request("GET", "/apis/batch/v1/namespaces/default/cronjobs")
            #expect(otherResource.status == 200)
            let first = try await client.request("GET", Self.jobs)
            #expect(first.status == 429)
            #expect(first.retryAfter == "3")
            #expect(first.body.at("kind") == .string("Status"))
            #expect(first.body.at("reason") == .string("TooManyRequests"))
            #expect(first.body.at("details.retryAfterSeconds") == .int(3))
            #expect(try await client.request("GET", Self.jobs).status == 429)
            #expect(try await client.request("GET", Self.jobs).status == 200)
        }
    }

    @Test(arguments: [(500, "InternalError"), (503, "ServiceUnavailable"), (410, "Expired"), (403, "Forbidden")])
    func injectedErrorsCarryAStatusBody(code: Int, reason: String) async throws {
        let store = try ObjectStore()
        let faults = FaultInjector(store: store)
        faults.fail(InjectedFailure(code: code, verb: "create"))
        try await Harness.withServer(store: store, faults: faults) { _, client, _ in
            let body = String(decoding: try JSONEncoder().encode(try Harness.job("a")), as: UTF8.self)
            let failed = try await client.request("POST", Self.jobs, body: body)
            #expect(failed.status == code)
            #expect(failed.body.at("kind") == .string("Status"))
            #expect(failed.body.at("status") == .string("Failure"))
            #expect(failed.body.at("reason") == .string(reason))
            #expect(failed.body.at("code") == .int(Int64(code)))
            #expect(faults.pendingFailures.isEmpty)
            #expect(try await client.request("POST", Self.jobs, body: body).status == 201)
        }
    }

    @Test func latencyIsAddedToEveryRequest() async throws {
        let clock = RecordingClock()
        try await Harness.withServer(clock: clock) { _, client, _ in
            let set = try await client.request("POST", "/kubesim/faults/latency", body: #"{"milliseconds":250}"#)
            #expect(set.status == 200)
            #expect(try await client.request("GET", Self.jobs).status == 200)
            #expect(try await client.request("GET", "/version").status == 200)
            #expect(clock.sleeps == [.milliseconds(250), .milliseconds(250)])
            #expect(try await client.request("DELETE", "/kubesim/faults").status == 200)
            #expect(try await client.request("GET", Self.jobs).status == 200)
            #expect(clock.sleeps.count == 2)
        }
    }

    @Test func revokedTokensAreUnauthorized() async throws {
        try await Harness.withServer { _, client, _ in
            let before = try await client.request("GET", Self.jobs)
            #expect(before.status == 200)
            let revoke = try await client.request("POST", "/kubesim/faults/revoke-token", body: #"{"token":"\#(Harness.token)"}"#)
            #expect(revoke.status == 200)
            let denied = try await client.request("GET", Self.jobs)
            #expect(denied.status == 401)
            #expect(denied.body.at("reason") == .string("Unauthorized"))
            // The fault endpoints still accept the server's token, so a test can undo it.
            #expect(try await client.request("DELETE", "/kubesim/faults").status == 200)
            #expect(try await client.request("GET", Self.jobs).status == 200)
        }
    }

    @Test func malformedLinesReachOpenWatchesWhichThenContinue() async throws {
        try await Harness.withServer { store, client, _ in
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("a"))
            let watch = try client.watch("\(Self.jobs)?watch=true&timeoutSeconds=300")
            defer { watch.close() }
            var events = watch.events.makeAsyncIterator()
            #expect(try #require(await events.next()).at("type") == .string("ADDED"))
            #expect(try await client.request("POST", "/kubesim/faults/malformed-watch-line").status == 200)
            let garbage = try #require(await events.next())
            #expect(garbage.stringValue?.isEmpty == false)
            #expect(throws: (any Error).self) { try JSONParser.parse(Array((garbage.stringValue ?? "").utf8)) }
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("b"))
            let next = try #require(await events.next())
            #expect(next.at("object.metadata.name") == .string("b"))
        }
    }

    @Test func badFaultRequestsAreRejected() async throws {
        try await Harness.withServer { _, client, _ in
            let badCode = try await client.request("POST", "/kubesim/faults/fail", body: #"{"code":200}"#)
            #expect(badCode.status == 400)
            #expect(try await client.request("POST", "/kubesim/faults/latency", body: #"{"milliseconds":-1}"#).status == 400)
            #expect(try await client.request("POST", "/kubesim/faults/nonsense").status == 404)
            #expect(try await client.request("POST", "/kubesim/faults/compact", token: "wrong").status == 401)
        }
    }
}
