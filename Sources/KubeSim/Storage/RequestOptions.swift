// The option and result types of `ObjectStore`, nested so that they never clash with the
// client library's types of the same names in code importing both.
extension ObjectStore {
    /// Options of a list request.
    public struct ListOptions: Sendable, Equatable {
        public var labelSelector: LabelSelectorQuery
        public var fieldSelector: FieldSelectorQuery
        public var limit: Int?
        public var continueToken: String?
        /// nil or 0: the current state.
        public var resourceVersion: Int64?
        public var resourceVersionMatch: ObjectStore.ResourceVersionMatch?

        public init(labelSelector: LabelSelectorQuery = .everything, fieldSelector: FieldSelectorQuery = .everything,
                    limit: Int? = nil, continueToken: String? = nil, resourceVersion: Int64? = nil,
                    resourceVersionMatch: ObjectStore.ResourceVersionMatch? = nil) {
            self.labelSelector = labelSelector
            self.fieldSelector = fieldSelector
            self.limit = limit
            self.continueToken = continueToken
            self.resourceVersion = resourceVersion
            self.resourceVersionMatch = resourceVersionMatch
        }
    }

    /// How a list's resourceVersion is interpreted.
    public enum ResourceVersionMatch: String, Sendable, Equatable {
        case notOlderThan = "NotOlderThan"
        case exact = "Exact"
    }

    /// Options of a watch request.
    public struct WatchOptions: Sendable, Equatable {
        public var labelSelector: LabelSelectorQuery
        public var fieldSelector: FieldSelectorQuery
        /// nil or 0: start with synthetic ADDED events for the current state.
        public var resourceVersion: Int64?
        public var allowBookmarks: Bool

        public init(labelSelector: LabelSelectorQuery = .everything, fieldSelector: FieldSelectorQuery = .everything,
                    resourceVersion: Int64? = nil, allowBookmarks: Bool = false) {
            self.labelSelector = labelSelector
            self.fieldSelector = fieldSelector
            self.resourceVersion = resourceVersion
            self.allowBookmarks = allowBookmarks
        }
    }

    /// Options of a delete request (the ObjectStore.DeleteOptions body and query).
    public struct DeleteOptions: Sendable, Equatable {
        public var propagationPolicy: ObjectStore.PropagationPolicy?
        public var preconditionUID: String?
        public var preconditionResourceVersion: String?

        public init(propagationPolicy: ObjectStore.PropagationPolicy? = nil, preconditionUID: String? = nil,
                    preconditionResourceVersion: String? = nil) {
            self.propagationPolicy = propagationPolicy
            self.preconditionUID = preconditionUID
            self.preconditionResourceVersion = preconditionResourceVersion
        }
    }

    /// Which part of an object a write addresses.
    public enum Subresource: String, Sendable, Equatable {
        case main = ""
        case status
    }

    /// The patch formats of the real server.
    public enum PatchType: String, Sendable, Equatable, CaseIterable {
        case json = "application/json-patch+json"
        case merge = "application/merge-patch+json"
        case strategicMerge = "application/strategic-merge-patch+json"
        case apply = "application/apply-patch+yaml"
    }

    /// One page of a list: the encoded items and the list metadata.
    public struct ListPage: Sendable {
        public var items: [[UInt8]]
        public var resourceVersion: Int64
        public var continueToken: String?
        public var remainingItemCount: Int?
    }
}
