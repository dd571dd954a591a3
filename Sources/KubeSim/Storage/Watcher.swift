import KubernetesModel

/// A live watch: what it selects and where its events go.
struct Watcher: Sendable {
    var storage: StorageKey
    var form: ObjectForm
    var namespace: String?
    var labelSelector: LabelSelectorQuery
    var fieldSelector: FieldSelectorQuery
    var allowBookmarks: Bool
    var continuation: AsyncStream<WatchStreamElement>.Continuation

    func selects(labels: [String: String], fields: [String: String]) -> Bool {
        labelSelector.matches(labels) && fieldSelector.matches(fields)
    }

    /// The event this watcher sees for `record`, if any: an object moving into the selection is
    /// ADDED, one moving out is DELETED, as on the real server.
    func translate(_ record: WatchRecord) -> WatchStreamElement? {
        guard let type = eventType(record) else { return nil }
        return .event(type, form.fromStorage(bytes: record.object.bytes))
    }

    private func eventType(_ record: WatchRecord) -> WatchEventType? {
        guard record.storage == storage else { return nil }
        if let namespace, record.namespace != namespace { return nil }
        let now = selects(labels: record.object.labels, fields: record.object.fields)
        let before = record.previousLabels.map { selects(labels: $0, fields: record.previousFields ?? [:]) } ?? false
        switch record.type {
        case .added:
            return now ? .added : nil
        case .deleted:
            return now || before ? .deleted : nil
        case .modified:
            switch (before, now) {
            case (true, true): return .modified
            case (false, true): return .added
            case (true, false): return .deleted
            case (false, false): return nil
            }
        }
    }
}
