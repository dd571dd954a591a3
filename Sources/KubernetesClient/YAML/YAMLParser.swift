import Foundation
import KubernetesModel

/// Reads the first document of a YAML stream into a `JSONValue` tree: mappings become objects
/// (keys are the key scalars' text), sequences arrays, scalars typed as `YAMLScalar.value` says.
/// Anchors and aliases are expanded. An empty stream is `.null`.
public enum YAMLParser {
    /// Nesting deeper than this is rejected instead of risking the stack.
    static let maximumDepth = 256

    public static func parse(_ data: Data) throws(YAMLError) -> JSONValue {
        let reader = try YAMLEventReader(data)
        var state = ParseState(reader: reader)
        return try state.document()
    }

    public static func parse(_ text: String) throws(YAMLError) -> JSONValue {
        try parse(Data(text.utf8))
    }
}

private struct ParseState {
    let reader: YAMLEventReader
    var anchors: [String: JSONValue] = [:]

    init(reader: YAMLEventReader) {
        self.reader = reader
    }

    mutating func document() throws(YAMLError) -> JSONValue {
        while true {
            switch try reader.next() {
            case .streamStart:
                continue
            case .documentStart:
                let root = try node(try reader.next(), depth: 0)
                return root
            case .streamEnd:
                return .null
            case .documentEnd, .alias, .scalar, .sequenceStart, .sequenceEnd, .mappingStart, .mappingEnd:
                throw YAMLError(line: 1, column: 1, message: "malformed YAML stream")
            }
        }
    }

    mutating func node(_ event: YAMLEvent, depth: Int) throws(YAMLError) -> JSONValue {
        switch event {
        case .scalar(let scalar, let anchor, _):
            let value = scalar.value
            remember(value, as: anchor)
            return value
        case .alias(let anchor, let mark):
            guard let value = anchors[anchor] else {
                throw YAMLError(line: mark.line, column: mark.column, message: "unknown anchor '\(anchor)'")
            }
            return value
        case .sequenceStart(let anchor, let mark):
            try checkDepth(depth, mark)
            var elements: [JSONValue] = []
            while true {
                let next = try reader.next()
                if case .sequenceEnd = next { break }
                elements.append(try node(next, depth: depth + 1))
            }
            remember(.array(elements), as: anchor)
            return .array(elements)
        case .mappingStart(let anchor, let mark):
            try checkDepth(depth, mark)
            let members = try mapping(depth: depth)
            remember(.object(members), as: anchor)
            return .object(members)
        case .streamStart, .streamEnd, .documentStart, .documentEnd, .sequenceEnd, .mappingEnd:
            throw YAMLError(line: 1, column: 1, message: "malformed YAML stream")
        }
    }

    mutating func mapping(depth: Int) throws(YAMLError) -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        while true {
            let keyEvent = try reader.next()
            let key: String
            switch keyEvent {
            case .mappingEnd:
                return members
            case .scalar(let scalar, _, let mark):
                key = scalar.text
                if members[key] != nil {
                    throw YAMLError(line: mark.line, column: mark.column, message: "duplicate key '\(key)'")
                }
            case .alias(_, let mark), .sequenceStart(_, let mark), .mappingStart(_, let mark):
                throw YAMLError(line: mark.line, column: mark.column, message: "mapping keys must be scalars")
            case .streamStart, .streamEnd, .documentStart, .documentEnd, .sequenceEnd:
                throw YAMLError(line: 1, column: 1, message: "malformed YAML stream")
            }
            members[key] = try node(try reader.next(), depth: depth + 1)
        }
    }

    mutating func remember(_ value: JSONValue, as anchor: String?) {
        if let anchor { anchors[anchor] = value }
    }

    func checkDepth(_ depth: Int, _ mark: YAMLMark) throws(YAMLError) {
        if depth >= YAMLParser.maximumDepth {
            throw YAMLError(line: mark.line, column: mark.column, message: "nesting deeper than \(YAMLParser.maximumDepth) levels")
        }
    }
}
