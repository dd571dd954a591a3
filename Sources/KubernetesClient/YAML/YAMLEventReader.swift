internal import CYaml
import Foundation

/// One libyaml event, copied out of C memory.
enum YAMLEvent {
    case streamStart
    case streamEnd
    case documentStart
    case documentEnd
    case alias(anchor: String, mark: YAMLMark)
    case scalar(YAMLScalar, anchor: String?, mark: YAMLMark)
    case sequenceStart(anchor: String?, mark: YAMLMark)
    case sequenceEnd
    case mappingStart(anchor: String?, mark: YAMLMark)
    case mappingEnd
}

/// A 1-based position in the document.
struct YAMLMark: Equatable {
    var line: Int
    var column: Int
}

/// Pulls events from a libyaml parser. Owns the parser, the event storage and a copy of the input;
/// not Sendable: used by one parse call on one thread and freed in `deinit`.
final class YAMLEventReader {
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>

    init(_ data: Data) throws(YAMLError) {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(data.count, 1))
        _ = buffer.initialize(from: data)
        guard let base = buffer.baseAddress,
              let parser = cyaml_parser_create(base, data.count) else {
            buffer.deallocate()
            throw YAMLError(line: 1, column: 1, message: "cannot initialize the YAML parser")
        }
        guard let event = cyaml_event_create() else {
            cyaml_parser_destroy(parser)
            buffer.deallocate()
            throw YAMLError(line: 1, column: 1, message: "cannot initialize the YAML parser")
        }
        self.input = buffer
        self.parser = parser
        self.event = event
    }

    deinit {
        cyaml_event_destroy(event)
        cyaml_parser_destroy(parser)
        input.deallocate()
    }

    func next() throws(YAMLError) -> YAMLEvent {
        cyaml_event_clear(event)
        guard cyaml_parser_next(parser, event) == 1 else {
            let problem = cyaml_parser_problem(parser).map { String(cString: $0) } ?? "invalid YAML"
            let context = cyaml_parser_context(parser).map { String(cString: $0) + ": " } ?? ""
            throw YAMLError(
                line: Int(cyaml_parser_problem_line(parser)) + 1,
                column: Int(cyaml_parser_problem_column(parser)) + 1,
                message: context + problem
            )
        }
        let mark = YAMLMark(line: Int(cyaml_event_line(event)) + 1, column: Int(cyaml_event_column(event)) + 1)
        let anchor = cyaml_event_anchor(event).map { String(cString: $0) }
        switch cyaml_event_type(event) {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT: return .alias(anchor: anchor ?? "", mark: mark)
        case YAML_SEQUENCE_START_EVENT: return .sequenceStart(anchor: anchor, mark: mark)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT: return .mappingStart(anchor: anchor, mark: mark)
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        case YAML_SCALAR_EVENT:
            let bytes = UnsafeRawBufferPointer(
                start: cyaml_event_scalar_value(event),
                count: cyaml_event_scalar_length(event)
            )
            let scalar = YAMLScalar(
                text: String(decoding: bytes, as: UTF8.self),
                tag: cyaml_event_scalar_tag(event).map { String(cString: $0) },
                isPlain: cyaml_event_scalar_is_plain(event) != 0
            )
            return .scalar(scalar, anchor: anchor, mark: mark)
        default:
            throw YAMLError(line: mark.line, column: mark.column, message: "unexpected YAML event")
        }
    }
}
