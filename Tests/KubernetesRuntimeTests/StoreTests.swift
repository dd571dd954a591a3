import KubernetesRuntime
import Testing

/// A projection of a Job as a controller might keep it.
struct JobProjection: CacheProjection {
    var key: ObjectKey
    var ownerUID: String?
    var labels: [String: String] = [:]
    var finished = false

    init(_ name: String, owner: String? = nil, labels: [String: String] = [:], finished: Bool = false) {
        key = ObjectKey(namespace: "ns", name: name)
        ownerUID = owner
        self.labels = labels
        self.finished = finished
    }
}

@Suite(.timeLimit(.minutes(2))) struct StoreTests {
    func makeStore() -> Store<JobProjection> {
        Store(indexers: [
            "owner": { job in job.ownerUID.map { [CompactString($0)] } ?? [] },
            "label": { job in job.labels.map { "\($0.key)=\($0.value)" } },
        ])
    }

    @Test func appliedObjectsAreReadableByKeyAndIndex() {
        let store = makeStore()
        store.apply(.restarted([JobProjection("a", owner: "cj-1"), JobProjection("b", owner: "cj-2")]))
        store.apply(.applied(JobProjection("c", owner: "cj-1", labels: ["app": "backup"])))
        #expect(store.get(ObjectKey(namespace: "ns", name: "c"))?.ownerUID == "cj-1")
        #expect(Set(store.byIndex("owner", "cj-1").map(\.key.name)) == ["a", "c"])
        #expect(store.byIndex("label", "app=backup").map(\.key.name) == ["c"])
        #expect(store.count == 3)
    }

    @Test func updatesMoveObjectsBetweenIndexValues() {
        let store = makeStore()
        store.apply(.restarted([JobProjection("a", owner: "cj-1")]))
        store.apply(.applied(JobProjection("a", owner: "cj-2")))
        #expect(store.byIndex("owner", "cj-1").isEmpty)
        #expect(store.byIndex("owner", "cj-2").map(\.key.name) == ["a"])
        store.apply(.deleted(JobProjection("a", owner: "cj-2")))
        #expect(store.byIndex("owner", "cj-2").isEmpty)
        #expect(store.count == 0)
    }

    /// Indexes hold the cached entries: a change that keeps the index values must be what an
    /// index read returns, for a value naming one object and for one naming several.
    @Test func indexReadsReturnTheLatestProjection() {
        let store = makeStore()
        store.apply(.restarted([JobProjection("a", owner: "cj-1"), JobProjection("b", owner: "cj-2")]))
        store.apply(.applied(JobProjection("c", owner: "cj-2")))
        store.apply(.applied(JobProjection("a", owner: "cj-1", finished: true)))
        store.apply(.applied(JobProjection("b", owner: "cj-2", finished: true)))
        #expect(store.byIndex("owner", "cj-1").map(\.finished) == [true])
        let shared = store.byIndex("owner", "cj-2").sorted { $0.key < $1.key }
        #expect(shared.map(\.key.name) == ["b", "c"])
        #expect(shared.map(\.finished) == [true, false])
        store.apply(.deleted(JobProjection("c", owner: "cj-2")))
        #expect(store.byIndex("owner", "cj-2").map(\.key.name) == ["b"])
        store.apply(.restarted([JobProjection("b", owner: "cj-2")]))
        #expect(store.byIndex("owner", "cj-2").map(\.finished) == [false])
        #expect(store.byIndex("owner", "cj-1").isEmpty)
    }

    /// A UID index value (kept in 16 bytes) finds what its string finds.
    @Test func uidIndexValuesMatchTheirStrings() {
        let uid = "5f1c0a2e-0001-4c1d-9a7b-00000000002a"
        let store = makeStore()
        store.apply(.restarted([JobProjection("a", owner: uid), JobProjection("b", owner: uid.uppercased())]))
        #expect(store.byIndex("owner", uid).map(\.key.name) == ["a"])
        #expect(store.byIndex("owner", CompactString(uid)).map(\.key.name) == ["a"])
        #expect(store.byIndex("owner", uid.uppercased()).map(\.key.name) == ["b"])
    }

    @Test func reapplyingAnUnchangedProjectionReportsNothing() {
        let store = makeStore()
        store.apply(.restarted([JobProjection("a")]))
        #expect(store.apply(.applied(JobProjection("a"))) == [])
        #expect(store.apply(.applied(JobProjection("a", finished: true))).count == 1)
    }

    @Test func relistReportsOnlyRealDifferences() {
        let store = makeStore()
        store.apply(.restarted([JobProjection("keep"), JobProjection("change"), JobProjection("gone")]))
        let changes = store.apply(.restarted([
            JobProjection("keep"), JobProjection("change", finished: true), JobProjection("new"),
        ]))
        #expect(changes.count == 3)
        #expect(changes.contains(.upserted(old: JobProjection("change"), new: JobProjection("change", finished: true))))
        #expect(changes.contains(.upserted(old: nil, new: JobProjection("new"))))
        #expect(changes.contains(.removed(JobProjection("gone"))))
        #expect(Set(store.list().map(\.key.name)) == ["keep", "change", "new"])
    }

    /// A paged relist's changes are handed over one at a time once the table is swapped (the
    /// store readable meanwhile), the same as collected, with their number.
    @Test func aRelistHandsItsChangesOverOneAtATime() {
        let store = makeStore()
        store.apply(.restarted([JobProjection("keep"), JobProjection("change"), JobProjection("gone")]))
        store.apply(.restartPage([JobProjection("keep"), JobProjection("change", finished: true)], isFirst: true))
        var seen: [StoreChange<JobProjection>] = []
        let count = store.apply(.restartDone([JobProjection("new")])) { change in
            #expect(store.get(ObjectKey(namespace: "ns", name: "new")) != nil, "reported after the swap")
            seen.append(change)
        }
        #expect(count == 3)
        #expect(seen.count == 3)
        #expect(seen.contains(.upserted(old: JobProjection("change"), new: JobProjection("change", finished: true))))
        #expect(seen.contains(.upserted(old: nil, new: JobProjection("new"))))
        #expect(seen.contains(.removed(JobProjection("gone"))))
        #expect(store.apply(.applied(JobProjection("keep"))) { _ in Issue.record("an unchanged object is no change") } == 0)
    }

    @Test func aStagedRelistIsServedOnlyWhenItsLastPageArrives() {
        let store = makeStore()
        store.apply(.restarted([JobProjection("a", owner: "cj-1"), JobProjection("b", owner: "cj-1")]))
        #expect(store.apply(.restartPage([JobProjection("a", owner: "cj-1"), JobProjection("c", owner: "cj-2")], isFirst: true)) == [])
        #expect(store.apply(.restartPage([JobProjection("d")], isFirst: false)) == [])
        // Readers still see the old contents, and its indexes.
        #expect(Set(store.list().map(\.key.name)) == ["a", "b"])
        #expect(Set(store.byIndex("owner", "cj-1").map(\.key.name)) == ["a", "b"])
        let changes = store.apply(.restartDone([JobProjection("e", finished: true)]))
        #expect(Set(store.list().map(\.key.name)) == ["a", "c", "d", "e"])
        #expect(store.byIndex("owner", "cj-1").map(\.key.name) == ["a"])
        #expect(Set(changes.map(Self.describe)) == ["+c", "+d", "+e", "-b"], "a is unchanged")
    }

    @Test func aListThatFailedHalfWayLeavesNothingStaged() {
        let store = makeStore()
        store.apply(.restarted([JobProjection("a")]))
        store.apply(.restartPage([JobProjection("x"), JobProjection("y")], isFirst: true))
        // The list failed; the next one starts afresh.
        store.apply(.restartPage([JobProjection("b")], isFirst: true))
        store.apply(.restartDone([JobProjection("c")]))
        #expect(Set(store.list().map(\.key.name)) == ["b", "c"])
        store.apply(.restartPage([JobProjection("z")], isFirst: true))
        store.apply(.restarted([JobProjection("d")]))
        store.apply(.restartDone([]))
        #expect(store.list().map(\.key.name) == [], "a one-page list discards what was staged; a stray end swaps in nothing")
    }

    static func describe(_ change: StoreChange<JobProjection>) -> String {
        switch change {
        case .upserted(_, let new): "+\(new.key.name)"
        case .removed(let old): "-\(old.key.name)"
        }
    }

    @Test func syncedOnlyAfterTheFirstCompleteList() async {
        let store = makeStore()
        #expect(!store.isSynced)
        store.apply(.applied(JobProjection("early")))
        #expect(!store.isSynced, "a watch event is not a complete list")
        async let synced: Void = store.waitUntilSynced()
        store.apply(.restarted([]))
        await synced
        #expect(store.isSynced)
    }

    /// A replica stopped before its caches sync must stop: the wait ends on cancellation.
    @Test(.timeLimit(.minutes(5))) func waitingForTheFirstListEndsWhenCancelled() async {
        let store = makeStore()
        let waiting = Task { await store.waitUntilSynced() }
        waiting.cancel()
        await waiting.value
        #expect(!store.isSynced)
        // Later waiters are unaffected: they still return once the list arrives.
        async let synced: Void = store.waitUntilSynced()
        store.apply(.restarted([]))
        await synced
        #expect(store.isSynced)
    }

    /// Readers running while relists happen always see either the old or the new contents whole.
    @Test func concurrentReadersNeverSeeAHalfFilledCache() async {
        let store = makeStore()
        let full = (0..<500).map { JobProjection("job-\($0)") }
        store.apply(.restarted(full))
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for round in 0..<200 {
                    store.apply(.restarted(round.isMultiple(of: 2) ? full : full.reversed()))
                }
                return true
            }
            for _ in 0..<4 {
                group.addTask {
                    (0..<200).allSatisfy { _ in store.list().count == 500 }
                }
            }
            for await ok in group {
                #expect(ok)
            }
        }
    }
}
