import Foundation
import Hummingbird
import KubernetesModel
import NIOCore

/// Streaming watches: one JSON event per line over a chunked response.
extension KubeSimResponder {
    func watchResponse(_ resource: ResourceType, namespace: String?, query: QueryParameters, fieldName: String?,
                       table: TableRenderer?) throws -> Response {
        if let initial = query["sendInitialEvents"], !initial.isEmpty {
            throw APIError.invalid(resource, name: "", causes: [.init(
                reason: "FieldValueForbidden",
                message: "Forbidden: sendInitialEvents (streaming lists) is not implemented by KubeSim; list, then watch from the list's resourceVersion",
                field: "sendInitialEvents")])
        }
        var fieldSelector = try FieldSelectorQuery(parsing: query["fieldSelector"] ?? "")
        if let fieldName { fieldSelector.requirements.append(.equals("metadata.name", fieldName)) }
        let versionText = query["resourceVersion"] ?? ""
        guard versionText.isEmpty || Int64(versionText) != nil else {
            throw APIError.badRequest("invalid resource version: \(versionText)")
        }
        let options = ObjectStore.WatchOptions(
            labelSelector: try LabelSelectorQuery(parsing: query["labelSelector"] ?? ""), fieldSelector: fieldSelector,
            resourceVersion: Int64(versionText), allowBookmarks: query.flag("allowWatchBookmarks"))
        let timeout = try query.integer("timeoutSeconds").flatMap { $0 > 0 ? Duration.seconds($0) : nil }
            ?? settings.defaultWatchTimeout
        let subscription = try store.watch(resource, namespace: namespace, options: options)
        let store = self.store
        let clock = self.clock
        let interval = settings.bookmarkInterval
        let body = ResponseBody { writer in
            defer { store.stopWatch(subscription.id) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                if options.allowBookmarks {
                    group.addTask {
                        while true {
                            try await clock.sleep(for: interval)
                            store.sendBookmark(to: subscription.id)
                        }
                    }
                }
                group.addTask {
                    try await clock.sleep(for: timeout)
                    store.stopWatch(subscription.id)
                }
                var first = true
                for await element in subscription.events {
                    let line = WatchLineEncoder.line(for: element, resource: resource, table: table, withColumns: first)
                    first = false
                    try await writer.write(ByteBuffer(bytes: line))
                    if case .expired = element { break }
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        let contentType = table == nil ? "application/json" : Self.tableContentType
        return Response(status: .ok, headers: [.contentType: contentType], body: body)
    }
}

/// Encodes watch stream elements as the real server's newline-delimited JSON events.
enum WatchLineEncoder {
    static func line(for element: WatchStreamElement, resource: ResourceType, table: TableRenderer?, withColumns: Bool) -> [UInt8] {
        switch element {
        case .event(let type, let bytes):
            var object = bytes
            if let table, let decoded = try? JSONCoding.decode(bytes) {
                let version = Int64(decoded.metadataString("resourceVersion") ?? "") ?? 0
                object = (try? JSONCoding.encode(table.table([decoded], resourceVersion: version, continueToken: nil,
                                                             withColumns: withColumns))) ?? bytes
            }
            return frame(type.rawValue, object)
        case .bookmark(let version):
            let object = "{\"apiVersion\":\"\(resource.apiVersion)\",\"kind\":\"\(resource.kind)\",\"metadata\":{\"resourceVersion\":\"\(version)\"}}"
            return frame("BOOKMARK", Array(object.utf8))
        case .expired(let message):
            let status = (try? JSONCoding.encode(APIError.gone(message).status)) ?? Array("{}".utf8)
            return frame("ERROR", status)
        case .malformed:
            return Array("{\"type\":\"MODIFIED\",\"object\":{\"kind\":\n".utf8)
        }
    }

    private static func frame(_ type: String, _ object: [UInt8]) -> [UInt8] {
        var line = Array("{\"type\":\"\(type)\",\"object\":".utf8)
        line.append(contentsOf: object)
        line.append(contentsOf: Array("}\n".utf8))
        return line
    }
}
