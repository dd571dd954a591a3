/// Finds the members a JSON document names twice in one object (`spec.cronJobName`), which a
/// parsed `JSONValue` can no longer show (the last one wins). The real server reports them under
/// `fieldValidation` like unknown fields. The document is assumed to be valid JSON (it was parsed).
struct DuplicateFieldScanner {
    private let bytes: [UInt8]
    private var position = 0
    private(set) var duplicates: [String] = []

    static func duplicates(in bytes: [UInt8]) -> [String] {
        var scanner = DuplicateFieldScanner(bytes: bytes)
        scanner.value(path: "")
        return scanner.duplicates
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func value(path: String) {
        skipWhitespace()
        guard position < bytes.count else { return }
        switch bytes[position] {
        case UInt8(ascii: "{"): object(path: path)
        case UInt8(ascii: "["): array(path: path)
        case UInt8(ascii: "\""): _ = string()
        default:
            while position < bytes.count, !",}] \t\r\n".utf8.contains(bytes[position]) { position += 1 }
        }
    }

    private mutating func object(path: String) {
        position += 1
        var seen: Set<String> = []
        while position < bytes.count {
            skipWhitespace()
            guard position < bytes.count, bytes[position] != UInt8(ascii: "}") else { break }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            let key = string()
            let child = path.isEmpty ? key : "\(path).\(key)"
            if !seen.insert(key).inserted { duplicates.append(child) }
            skipWhitespace()
            position += 1  // the colon
            value(path: child)
        }
        position += 1
    }

    private mutating func array(path: String) {
        position += 1
        var index = 0
        while position < bytes.count {
            skipWhitespace()
            guard position < bytes.count, bytes[position] != UInt8(ascii: "]") else { break }
            if bytes[position] == UInt8(ascii: ",") { position += 1; index += 1; continue }
            value(path: "\(path)[\(index)]")
        }
        position += 1
    }

    /// A string's raw text between its quotes (escapes kept as written: enough to compare keys).
    private mutating func string() -> String {
        position += 1
        let start = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
            position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
        }
        let text = String(decoding: bytes[start..<min(position, bytes.count)], as: UTF8.self)
        position += 1
        return text
    }
}
