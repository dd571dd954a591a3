import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import KubernetesTestSupport
import Testing

/// The watcher over the real client and a scripted transport: exact requests, in order.
@Suite(.timeLimit(.minutes(2))) struct ClientWatchSourceTests {
    struct JobName: Sendable, Equatable {
        var name: String
        var active: Int?
    }

    static func job(_ name: String, rv: String, active: Int? = nil) -> String {
        let status = active.map { #","status":{"active":\#($0)}"# } ?? ""
        return #"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"\#(name)","namespace":"ops","resourceVersion":"\#(rv)"}\#(status)}"#
    }

    static func list(_ items: [String], rv: String, continueToken: String? = nil) -> String {
        let token = continueToken.map { #","continue":"\#($0)""# } ?? ""
        return #"{"kind":"JobList","apiVersion":"batch/v1","metadata":{"resourceVersion":"\#(rv)"\#(token)},"items":[\#(items.joined(separator: ","))]}"#
    }

    static func event(_ type: String, _ object: String) -> String {
        #"{"type":"\#(type)","object":\#(object)}"#
    }

    func source(_ transport: ScriptedTransport) -> ClientWatchSource<BatchV1.Job, JobName> {
        ClientWatchSource(
            client: KubernetesClient(transport: transport),
            resource: BatchV1.Job.resource,
            namespace: "ops",
            project: { JobName(name: $0.metadata.name ?? "", active: $0.status?.active) },
            resourceVersion: { $0.metadata.resourceVersion })
    }

    @Test func pagesThenWatchesThenResumesAndRelistsOnExpiry() async throws {
        let base = "/apis/batch/v1/namespaces/ops/jobs"
        let expired = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 12 (40)","reason":"Expired","code":410}"#
        let transport = ScriptedTransport([
            .get("\(base)?limit=2", reply: .json(200, Self.list([Self.job("a", rv: "3"), Self.job("b", rv: "4")], rv: "10", continueToken: "tok"))),
            .get("\(base)?limit=2&continue=tok", reply: .json(200, Self.list([Self.job("c", rv: "5")], rv: "10"))),
            .watch("\(base)?watch=true&resourceVersion=10&allowWatchBookmarks=true&timeoutSeconds=290", reply: .events([
                Self.event("MODIFIED", Self.job("a", rv: "11", active: 1)),
                #"{"type":"BOOKMARK","object":{"kind":"Job","apiVersion":"batch/v1","metadata":{"resourceVersion":"12"}}}"#,
            ])),
            .watch("\(base)?watch=true&resourceVersion=12&allowWatchBookmarks=true&timeoutSeconds=290", reply: .events([
                Self.event("ERROR", expired),
            ])),
            .get("\(base)?limit=2", reply: .json(200, Self.list([Self.job("a", rv: "41", active: 1)], rv: "41"))),
        ])
        let watcher = Watcher(source: source(transport), clock: ImmediateClock(), pageSize: 2)
        var iterator = watcher.makeAsyncIterator()
        var events: [WatcherEvent<JobName>] = []
        for _ in 0..<4 {
            if let event = try await iterator.next() { events.append(event) }
        }
        #expect(events == [
            .restartPage([JobName(name: "a"), JobName(name: "b")], isFirst: true),
            .restartDone([JobName(name: "c")]),
            .applied(JobName(name: "a", active: 1)),
            .restarted([JobName(name: "a", active: 1)]),
        ])
        try transport.verifyAllConsumed()
    }

    @Test(arguments: [
        (429, WatcherFailure.throttled(retryAfter: .seconds(3))),
        (410, WatcherFailure.gone),
        (500, WatcherFailure.other),
    ])
    func errorsAreClassifiedForTheWatcher(code: Int, expected: WatcherFailure) async {
        let transport = ScriptedTransport([
            .get("/apis/batch/v1/namespaces/ops/jobs?limit=500", reply: .status(code, reason: "X", message: "m", retryAfterSeconds: 3)),
        ])
        let source = source(transport)
        do {
            _ = try await source.list(continueToken: nil, limit: 500)
            Issue.record("expected a failure")
        } catch {
            #expect(source.classify(error) == expected)
        }
    }
}
