import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import KubernetesTestSupport
import Testing

/// `ClientWatchSource.readingBytes`: projections read from the bytes of pages and lines, and
/// the full decode for what the reader does not take (bookmarks, errors, undecodable objects).
@Suite(.timeLimit(.minutes(2))) struct ClientWatchSourceBytesTests {
    typealias Fixture = ClientWatchSourceTests

    /// Reads only `metadata.name`, `metadata.resourceVersion` and `status.active`, as strings
    /// and an integer; anything else is skipped.
    struct JobName: ProjectionReadable, Equatable {
        var name: String
        var active: Int?

        static func readProjection(_ scanner: inout JSONScanner) throws(JSONScanError) -> ReadProjection<JobName> {
            var read = ReadProjection(JobName(name: ""), resourceVersion: nil)
            try scanner.beginObject()
            while let key = try scanner.nextKey() {
                if key == "metadata" {
                    try scanner.beginObject()
                    while let member = try scanner.nextKey() {
                        switch member {
                        case "name": read.projection.name = try scanner.readString()
                        case "resourceVersion": read.resourceVersion = try scanner.readString()
                        default: try scanner.skipValue()
                        }
                    }
                } else if key == "status" {
                    try scanner.beginObject()
                    while let member = try scanner.nextKey() {
                        if member == "active" { read.projection.active = Int(try scanner.readInt64()) } else { try scanner.skipValue() }
                    }
                } else {
                    try scanner.skipValue()
                }
            }
            return read
        }
    }

    func source(_ transport: ScriptedTransport) -> ClientWatchSource<BatchV1.Job, JobName> {
        .readingBytes(
            client: KubernetesClient(transport: transport),
            resource: BatchV1.Job.resource,
            namespace: "ops",
            project: { JobName(name: ($0.metadata.name ?? "") + " (decoded)", active: $0.status?.active) },
            resourceVersion: { $0.metadata.resourceVersion })
    }

    @Test func readsPagesAndLinesAndDecodesTheRest() async throws {
        let base = "/apis/batch/v1/namespaces/ops/jobs"
        let expired = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 12 (40)","reason":"Expired","code":410}"#
        let unreadable = #"{"metadata":{"name":"bad","namespace":"ops","resourceVersion":"6"},"status":{"active":"many"}}"#
        let transport = ScriptedTransport([
            .get("\(base)?limit=2", reply: .json(200, Fixture.list([Fixture.job("a", rv: "3"), Fixture.job("b", rv: "4")], rv: "10", continueToken: "tok"))),
            // The reader refuses the page (an object with `active` not a number): decoded in full, that object skipped.
            .get("\(base)?limit=2&continue=tok", reply: .json(200, Fixture.list([Fixture.job("c", rv: "5"), unreadable], rv: "10"))),
            .watch("\(base)?watch=true&resourceVersion=10&allowWatchBookmarks=true&timeoutSeconds=290", reply: .events([
                Fixture.event("MODIFIED", Fixture.job("a", rv: "11", active: 1)),
                Fixture.event("MODIFIED", unreadable),
                #"{"type":"BOOKMARK","object":{"kind":"Job","apiVersion":"batch/v1","metadata":{"resourceVersion":"12"}}}"#,
            ])),
            .watch("\(base)?watch=true&resourceVersion=12&allowWatchBookmarks=true&timeoutSeconds=290", reply: .events([
                Fixture.event("ERROR", expired),
            ])),
            .get("\(base)?limit=2", reply: .json(200, Fixture.list([Fixture.job("a", rv: "41", active: 1)], rv: "41"))),
        ])
        let watcher = Watcher(source: source(transport), clock: ImmediateClock(), pageSize: 2)
        var iterator = watcher.makeAsyncIterator()
        var events: [WatcherEvent<JobName>] = []
        for _ in 0..<4 {
            if let event = try await iterator.next() { events.append(event) }
        }
        #expect(events == [
            .restartPage([JobName(name: "a"), JobName(name: "b")], isFirst: true),
            .restartDone([JobName(name: "c (decoded)")]),
            .applied(JobName(name: "a", active: 1)),
            .restarted([JobName(name: "a", active: 1)]),
        ])
        try transport.verifyAllConsumed()
    }

    @Test func watchLinesAreReadByType() throws {
        let job = Array(Fixture.job("a", rv: "7", active: 2).utf8)
        let read = try JobName.readProjection(from: job)
        #expect(read == ReadProjection(JobName(name: "a", active: 2), resourceVersion: "7"))
        for type in ["ADDED", "MODIFIED", "DELETED"] {
            let event = try JobName.readWatchLine(Array(Fixture.event(type, Fixture.job("a", rv: "7", active: 2)).utf8))
            #expect(event.type == type)
            #expect(event.object == read)
        }
        // Left to the full decode: bookmarks, errors, an object before its type, unknown types.
        for line in [
            #"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"12"}}}"#,
            #"{"type":"ERROR","object":{"code":410}}"#,
            #"{"object":\#(Fixture.job("a", rv: "7")),"type":"ADDED"}"#,
            #"{"type":"ADDED"}"#,
            #"{"type":"SOMETHING","object":{}}"#,
        ] {
            #expect(throws: JSONScanError.self) { try JobName.readWatchLine(Array(line.utf8)) }
        }
    }

    @Test func listPagesCarryTheirMetadata() throws {
        let page = Fixture.list([Fixture.job("a", rv: "3"), Fixture.job("b", rv: "4")], rv: "10", continueToken: "tok")
        let read = try JobName.readListPage(Array(page.utf8))
        #expect(read.items.map(\.projection.name) == ["a", "b"])
        #expect(read.items.map(\.resourceVersion) == ["3", "4"])
        #expect(read.metadata == ListMeta(resourceVersion: "10", continue: "tok"))
        let empty = try JobName.readListPage(Array(#"{"metadata":{"resourceVersion":"1","remainingItemCount":0.0},"items":null}"#.utf8))
        #expect(empty.items.isEmpty)
        #expect(empty.metadata == ListMeta(resourceVersion: "1", remainingItemCount: 0))
    }
}
