import Foundation
import KubernetesModel

/// JSON encoding and decoding of documents, with errors as API failures.
enum JSONCoding {
    static func encode(_ value: JSONValue) throws(APIError) -> [UInt8] {
        try JSONWriter.encode(value)
    }

    static func decode(_ bytes: some Collection<UInt8>) throws(APIError) -> JSONValue {
        try JSONParser.parse(bytes)
    }
}
