/// `metav1.ListMeta`: the metadata of a list response.
public struct ListMeta: Sendable, Codable, Equatable {
    public var resourceVersion: String?
    /// The token for the next page; absent or empty on the last page.
    public var `continue`: String?
    public var remainingItemCount: Int64?

    public init(resourceVersion: String? = nil, continue continueToken: String? = nil, remainingItemCount: Int64? = nil) {
        self.resourceVersion = resourceVersion
        self.continue = continueToken
        self.remainingItemCount = remainingItemCount
    }

    /// The continue token when another page follows, `nil` on the last page.
    public var nextPageToken: String? {
        guard let token = self.continue, !token.isEmpty else { return nil }
        return token
    }
}
