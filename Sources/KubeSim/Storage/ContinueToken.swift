import Foundation

/// The opaque `continue` value: the list's resourceVersion and the last key returned,
/// base64-encoded like the real server's token.
struct ContinueToken: Sendable, Equatable, Codable {
    var resourceVersion: Int64
    var namespace: String
    var name: String

    var key: ObjectStore.ObjectKey { ObjectStore.ObjectKey(namespace: namespace, name: name) }

    func encoded() -> String {
        let text = "{\"rv\":\(resourceVersion),\"ns\":\(Self.quoted(namespace)),\"name\":\(Self.quoted(name))}"
        return Data(text.utf8).base64EncodedString()
    }

    init(resourceVersion: Int64, key: ObjectStore.ObjectKey) {
        self.resourceVersion = resourceVersion
        self.namespace = key.namespace
        self.name = key.name
    }

    init(decoding token: String) throws(APIError) {
        guard let data = Data(base64Encoded: token),
              let decoded = try? JSONDecoder().decode(ContinueToken.self, from: data) else {
            throw .badRequest("continue key is not valid: \(token)")
        }
        self = decoded
    }

    private enum CodingKeys: String, CodingKey {
        case resourceVersion = "rv", namespace = "ns", name
    }

    private static func quoted(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}
