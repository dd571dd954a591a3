import Foundation
import KubernetesModel

/// JSON encoding and decoding of documents, with errors as API failures.
enum JSONCoding {
    static func encode(_ value: JSONValue) throws(APIError) -> [UInt8] {
        do {
            return try JSONWriter.encode(value)
        } catch {
            throw .internalError("cannot encode object: \(error)")
        }
    }

    static func decode(_ bytes: some Collection<UInt8>) throws(APIError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw .badRequest("the request body is not valid JSON: \(error)")
        }
    }
}
