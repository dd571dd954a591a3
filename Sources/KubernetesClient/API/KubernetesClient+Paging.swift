import KubernetesModel

extension KubernetesClient {
    /// Lists the whole collection in pages of `options.limit` (500 when unset), following the
    /// `continue` tokens. The result's metadata is the last page's (its resourceVersion is the
    /// list's snapshot). A 410 on a continue token (the snapshot was compacted) is thrown: relist.
    public func listAll<T: KubernetesResource & Decodable>(
        _ type: T.Type, namespace: String? = nil, options: ListOptions = ListOptions()
    ) async throws(KubernetesError) -> ObjectList<T> {
        try await listAll(resource: T.resource, namespace: namespace, options: options, as: T.self)
    }

    public func listAll<T: Decodable>(
        resource: ResourceDescriptor, namespace: String?, options: ListOptions = ListOptions(), as type: T.Type
    ) async throws(KubernetesError) -> ObjectList<T> {
        var pageOptions = options
        pageOptions.limit = options.limit ?? 500
        var items: [T] = []
        var seenTokens: Set<String> = []
        while true {
            let page = try await list(resource: resource, namespace: namespace, options: pageOptions, as: T.self)
            items.append(contentsOf: page.items)
            guard let next = page.metadata.nextPageToken else {
                return ObjectList(metadata: page.metadata, items: items)
            }
            guard seenTokens.insert(next).inserted else {
                throw .decoding("list of \(resource.plural) returned continue token '\(next)' twice")
            }
            pageOptions.continueToken = next
            // Later pages come from the first page's snapshot; a resourceVersion is not allowed with continue.
            pageOptions.resourceVersion = nil
            pageOptions.resourceVersionMatch = nil
        }
    }
}
