import KubernetesModel

/// How a watch follows a collection.
public struct WatchOptions: Sendable, Equatable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Start after this version (the list's `metadata.resourceVersion`, or the last event's).
    public var resourceVersion: String?
    public var allowWatchBookmarks: Bool
    /// Server-side end of the watch; the server picks a random timeout when unset.
    public var timeoutSeconds: Int?

    public init(
        labelSelector: String? = nil,
        fieldSelector: String? = nil,
        resourceVersion: String? = nil,
        allowWatchBookmarks: Bool = true,
        timeoutSeconds: Int? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.allowWatchBookmarks = allowWatchBookmarks
        self.timeoutSeconds = timeoutSeconds
    }

    var queryItems: [(String, String)] {
        var items: [(String, String)] = [("watch", "true")]
        if let labelSelector, !labelSelector.isEmpty { items.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { items.append(("fieldSelector", fieldSelector)) }
        if let resourceVersion { items.append(("resourceVersion", resourceVersion)) }
        if allowWatchBookmarks { items.append(("allowWatchBookmarks", "true")) }
        if let timeoutSeconds { items.append(("timeoutSeconds", String(timeoutSeconds))) }
        return items
    }
}
