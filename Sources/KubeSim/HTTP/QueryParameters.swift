import Foundation

/// The decoded query of a request (`+` is a space, as Go clients encode it).
struct QueryParameters: Sendable {
    private var values: [String: String] = [:]

    init(query: String?) {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = QueryParameters.decode(parts[0])
            values[key] = parts.count > 1 ? QueryParameters.decode(parts[1]) : ""
        }
    }

    subscript(_ key: String) -> String? { values[key] }

    func flag(_ key: String) -> Bool {
        values[key].map { $0 == "true" || $0 == "1" } ?? false
    }

    func integer(_ key: String) throws(APIError) -> Int64? {
        guard let text = values[key], !text.isEmpty else { return nil }
        guard let value = Int64(text) else { throw .badRequest("invalid value for \(key): \(text)") }
        return value
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
