import Foundation
import Logging
import Synchronization
import Testing

@testable import OperatorServices

@Suite struct LogLineTests {
    /// 2026-01-02T03:04:05.678Z
    let time = Date(timeIntervalSince1970: 1_767_323_045.678)

    func decode(_ line: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1_767_323_045.678, "2026-01-02T03:04:05.678Z"),
        (951_782_400.5, "2000-02-29T00:00:00.500Z"),
    ])
    func rfc3339InUTC(seconds: Double, expected: String) {
        #expect(LogLine.rfc3339(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func jsonLineHasTheFieldsAsStrings() throws {
        let line = LogLine(
            time: time, level: .warning, message: "Status write \"conflicted\"\nretrying", logger: "cronmonitor-operator",
            fields: ["cronmonitor.name": "backup", "k8s.namespace": "team-a", "level": "shadowed"], source: "CronMonitorController")
        let json = line.json
        #expect(!json.contains("\n"))
        let object = try decode(json)
        #expect(object["time"] as? String == "2026-01-02T03:04:05.678Z")
        #expect(object["level"] as? String == "warning")
        #expect(object["msg"] as? String == "Status write \"conflicted\"\nretrying")
        #expect(object["logger"] as? String == "cronmonitor-operator")
        #expect(object["source"] as? String == "CronMonitorController")
        #expect(object["cronmonitor.name"] as? String == "backup")
        #expect(object["k8s.namespace"] as? String == "team-a")
        #expect(object["meta.level"] as? String == "shadowed")
        #expect(json.hasPrefix("{\"time\":"))
    }

    @Test func nestedMetadataIsFlattened() {
        let fields = LogLine.flatten([
            "k8s": .dictionary(["namespace": .string("a"), "object": .dictionary(["kind": .string("Job")])]),
            "count": .stringConvertible(3),
            "names": .array([.string("x"), .string("y")]),
        ])
        #expect(fields == ["k8s.namespace": "a", "k8s.object.kind": "Job", "count": "3", "names": "[x, y]"])
    }

    @Test func textLineIsReadable() {
        let line = LogLine(
            time: time, level: .info, message: "Listening", logger: "op", fields: ["http.port": "8080", "note": "two words"],
            source: nil)
        #expect(line.text == "2026-01-02T03:04:05.678Z info op: Listening http.port=8080 note=\"two words\"")
    }

    @Test func handlerMergesMetadataAndWritesOneLinePerEvent() throws {
        let lines = Recorder<String>()
        let factory = LogFormat.json.makeHandlerFactory(level: .info, now: { time }, write: { line in lines.append(line) })
        var logger = Logger(label: "test", factory: factory)
        logger[metadataKey: "operator.identity"] = "host_1"
        logger.debug("dropped")
        logger.info("Reconciled", metadata: ["cronmonitor.name": "backup"])
        let written = lines.all
        #expect(written.count == 1)
        let object = try decode(try #require(written.first))
        #expect(object["msg"] as? String == "Reconciled")
        #expect(object["logger"] as? String == "test")
        #expect(object["operator.identity"] as? String == "host_1")
        #expect(object["cronmonitor.name"] as? String == "backup")
        #expect(object["level"] as? String == "info")
    }
}
