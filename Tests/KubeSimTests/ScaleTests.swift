import Foundation
import KubernetesModel
import Testing
@testable import KubeSim

/// 100,000 Jobs in memory: every page of a `limit=500` list through the store, then the first
/// 20 pages over HTTP while watches stay open and receive a change made in between. (All 200
/// pages over HTTP take over a minute in a debug build on a loaded machine; the HTTP path is the
/// same for every page.) Time and memory are printed, not asserted.
@Suite(.timeLimit(.minutes(5))) struct ScaleTests {
    static let count = 100_000
    static let pageSize = 500
    static let httpPages = 20

    static func residentMebibytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return (line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0) / 1024
    }

    @Test func pagesThroughOneHundredThousandJobsWithWatchesOpen() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let store = try ObjectStore()
        _ = try store.create(.namespaces, namespace: nil, object: try json(#"{"metadata":{"name":"other"}}"#))
        let template = try Harness.job("template")
        for index in 0..<Self.count {
            var job = template
            job.setMetadata("name", .string("job-\(index)"))
            _ = try store.create(.jobs, namespace: "default", object: job)
        }
        let stored = clock.now

        // Distinct objects have distinct bytes (their names differ); a repeated item would not.
        var storeItems: Set<[UInt8]> = []
        var storeToken: String?
        var storePages = 0
        repeat {
            let page = try store.list(.jobs, namespace: "default",
                                      options: ObjectStore.ListOptions(limit: Self.pageSize, continueToken: storeToken))
            storeItems.formUnion(page.items)
            storeToken = page.continueToken
            storePages += 1
        } while storeToken != nil && storePages < 1_000
        #expect(storePages == Self.count / Self.pageSize)
        #expect(storeItems.count == Self.count)
        let listedInStore = clock.now

        try await Harness.withServer(store: store) { store, client, _ in
            let version = store.currentResourceVersion
            let watches = try (0..<4).map { _ in
                try client.watch("/apis/batch/v1/jobs?watch=true&resourceVersion=\(version)&timeoutSeconds=120")
            }
            defer { watches.forEach { $0.close() } }
            let httpStart = clock.now
            var names: [String] = []
            var token: String?
            var pages = 0
            var remaining: [Int64] = []
            repeat {
                let query = "limit=\(Self.pageSize)"
                    + (token.map { "&continue=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? "")
                let page = try await client.request("GET", "/apis/batch/v1/namespaces/default/jobs?\(query)")
                try #require(page.status == 200, "\(page.text.prefix(300))")
                names += (page.body.at("items")?.arrayValue ?? []).compactMap { $0.at("metadata.name")?.stringValue }
                token = page.body.at("metadata.continue")?.stringValue
                remaining.append(page.body.at("metadata.remainingItemCount")?.intValue ?? -1)
                pages += 1
                if pages == Self.httpPages / 2 {
                    _ = try store.create(.jobs, namespace: "other", object: try Harness.job("written-mid-list"))
                }
            } while token != nil && pages < Self.httpPages
            let paged = clock.now
            #expect(names.count == Self.httpPages * Self.pageSize)
            #expect(Set(names).count == names.count)
            #expect(names == names.sorted())
            #expect(token != nil)
            #expect(remaining.first == Int64(Self.count - Self.pageSize))
            for watch in watches {
                var iterator = watch.events.makeAsyncIterator()
                let event = await iterator.next()
                #expect(event?.at("type") == .string("ADDED"))
                #expect(event?.at("object.metadata.name") == .string("written-mid-list"))
            }
            print("""
                KubeSim scale: stored \(Self.count) jobs in \(stored - started); listed all \(storePages) pages of \
                \(Self.pageSize) through the store in \(listedInStore - stored); \(pages) pages over HTTP in \
                \(paged - httpStart) with 4 watches open; RSS \(Self.residentMebibytes()) MiB
                """)
        }
    }
}
