import KubernetesModel

/// How a list reads a collection (one page).
public struct ListOptions: Sendable, Equatable {
    /// In query syntax; build it with `LabelSelector.queryString()`.
    public var labelSelector: String?
    /// In query syntax; build it with `FieldSelector.queryString`.
    public var fieldSelector: String?
    /// Page size.
    public var limit: Int?
    /// The `continue` token of the previous page.
    public var continueToken: String?
    public var resourceVersion: String?
    public var resourceVersionMatch: ResourceVersionMatch?
    public var timeoutSeconds: Int?

    public init(
        labelSelector: String? = nil,
        fieldSelector: String? = nil,
        limit: Int? = nil,
        continueToken: String? = nil,
        resourceVersion: String? = nil,
        resourceVersionMatch: ResourceVersionMatch? = nil,
        timeoutSeconds: Int? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.timeoutSeconds = timeoutSeconds
    }

    /// Options selecting with typed selectors.
    public init(
        labelSelector: LabelSelector?,
        fieldSelector: FieldSelector? = nil,
        limit: Int? = nil
    ) throws(KubernetesError) {
        self.init(fieldSelector: fieldSelector?.queryString, limit: limit)
        if let labelSelector {
            do {
                self.labelSelector = try labelSelector.queryString()
            } catch {
                throw .invalidRequest(error.description)
            }
        }
    }

    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let labelSelector, !labelSelector.isEmpty { items.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { items.append(("fieldSelector", fieldSelector)) }
        if let limit { items.append(("limit", String(limit))) }
        if let continueToken, !continueToken.isEmpty { items.append(("continue", continueToken)) }
        if let resourceVersion { items.append(("resourceVersion", resourceVersion)) }
        if let resourceVersionMatch { items.append(("resourceVersionMatch", resourceVersionMatch.rawValue)) }
        if let timeoutSeconds { items.append(("timeoutSeconds", String(timeoutSeconds))) }
        return items
    }
}

/// How `resourceVersion` is interpreted by a list.
public enum ResourceVersionMatch: String, Sendable, Equatable {
    case notOlderThan = "NotOlderThan"
    case exact = "Exact"
}
