import CronMonitorAPI
import Foundation
import KubernetesModel
import Testing

/// A spec the operator cannot fully read still decodes: bad fields are left unset and named in
/// `invalidFields`, so one monitor never fails a list or watch.
@Suite struct LenientSpecDecodingTests {
    static func decode(_ json: String) throws -> CronMonitor {
        try JSONDecoder().decode(CronMonitor.self, from: Data(json.utf8))
    }

    @Test func aValidSpecHasNoInvalidFields() throws {
        let monitor = try Self.decode(#"{"metadata":{"name":"a"},"spec":{"cronJobName":"x","onStuck":"Terminate"}}"#)
        #expect(monitor.spec.cronJobName == "x")
        #expect(monitor.spec.onStuck == .terminate)
        #expect(monitor.spec.invalidFields == [])
    }

    @Test(arguments: [
        (
            #"{"cronJobName":"x","onStuck":"Kill"}"#,
            InvalidSpecField(field: "spec.onStuck", value: #""Kill""#, expected: "one of Alert, Terminate")
        ),
        (
            #"{"cronJobName":"x","onOverlap":"Skip"}"#,
            InvalidSpecField(field: "spec.onOverlap", value: #""Skip""#, expected: "one of Alert, TerminateNewest")
        ),
        (
            #"{"cronJobName":"x","startGraceSeconds":"five"}"#,
            InvalidSpecField(field: "spec.startGraceSeconds", value: #""five""#, expected: "an integer")
        ),
        (
            #"{"cronJobName":"x","minDurationSeconds":"fast"}"#,
            InvalidSpecField(field: "spec.minDurationSeconds", value: #""fast""#, expected: "an integer")
        ),
        (
            #"{"cronJobName":"x","suspend":"yes"}"#,
            InvalidSpecField(field: "spec.suspend", value: #""yes""#, expected: "a boolean")
        ),
        (
            #"{"cronJobName":"x","onStuck":7}"#,
            InvalidSpecField(field: "spec.onStuck", value: "7", expected: "one of Alert, Terminate")
        ),
    ])
    func aBadFieldIsRecordedAndTheRestIsRead(spec: String, expected: InvalidSpecField) throws {
        let monitor = try Self.decode(#"{"metadata":{"name":"a","namespace":"ns"},"spec":"# + spec + "}")
        #expect(monitor.metadata.name == "a")
        #expect(monitor.spec.cronJobName == "x", "the other fields are read")
        #expect(monitor.spec.invalidFields == [expected])
    }

    @Test func aSpecThatIsNotAnObjectIsRecorded() throws {
        let monitor = try Self.decode(#"{"metadata":{"name":"a"},"spec":["nonsense"]}"#)
        #expect(monitor.spec.invalidFields == [InvalidSpecField(field: "spec", value: #"["nonsense"]"#, expected: "an object")])
        #expect(
            monitor.spec.invalidFields.first?.message == #"spec has invalid value ["nonsense"]: expected an object"#)
    }

    @Test func invalidFieldsAreNeverEncoded() throws {
        let monitor = try Self.decode(#"{"metadata":{"name":"a"},"spec":{"cronJobName":"x","onStuck":"Kill"}}"#)
        let data = try JSONEncoder().encode(monitor.spec)
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text == #"{"cronJobName":"x"}"#)
    }
}
