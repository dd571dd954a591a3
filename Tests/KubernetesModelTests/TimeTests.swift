import Foundation
import KubernetesModel
import Testing

@Suite struct TimeTests {
    /// (input, seconds since epoch)
    static let timeInputs: [(String, Int64)] = [
        ("1970-01-01T00:00:00Z", 0),
        ("2006-01-02T15:04:05Z", 1_136_214_245),
        ("2006-01-02T15:04:05.999999Z", 1_136_214_245),
        ("2006-01-02T15:04:05.5z", 1_136_214_245),
        ("2006-01-02t08:04:05-07:00", 1_136_214_245),
        ("2006-01-03T00:34:05+09:30", 1_136_214_245),
        ("2024-02-29T23:59:59Z", 1_709_251_199),
        ("1969-12-31T23:59:59Z", -1),
        ("0001-01-01T00:00:00Z", -62_135_596_800),
    ]

    @Test(arguments: timeInputs)
    func timeParses(text: String, seconds: Int64) throws {
        #expect(try Time(rfc3339: text).secondsSinceEpoch == seconds)
    }

    /// (input, microseconds since epoch)
    static let microInputs: [(String, Int64)] = [
        ("2006-01-02T15:04:05.000000Z", 1_136_214_245_000_000),
        ("2006-01-02T15:04:05Z", 1_136_214_245_000_000),
        ("2006-01-02T15:04:05.123456Z", 1_136_214_245_123_456),
        ("2006-01-02T15:04:05.1234569Z", 1_136_214_245_123_456),
        ("2006-01-02T15:04:05.12Z", 1_136_214_245_120_000),
        ("2006-01-02T17:04:05.000001+02:00", 1_136_214_245_000_001),
        ("1969-12-31T23:59:59.500000Z", -500_000),
    ]

    @Test(arguments: microInputs)
    func microTimeParses(text: String, micros: Int64) throws {
        #expect(try MicroTime(rfc3339: text).microsecondsSinceEpoch == micros)
    }

    static let invalid = [
        "", "2006-01-02", "2006-01-02T15:04:05", "2006-01-02 15:04:05Z", "2006-13-02T15:04:05Z",
        "2006-02-29T15:04:05Z", "2006-01-02T24:00:00Z", "2006-01-02T15:04:05.Z", "2006-01-02T15:04:05+0700",
        "2006-01-02T15:04:05Zjunk", "20O6-01-02T15:04:05Z",
    ]

    @Test(arguments: invalid)
    func invalidTimestampsAreRefused(text: String) {
        #expect(throws: TimestampError.self) { try Time(rfc3339: text) }
        #expect(throws: TimestampError.self) { try MicroTime(rfc3339: text) }
    }

    @Test func timeEncodesWholeSecondsInUTC() throws {
        let time = try Time(rfc3339: "2006-01-02T08:04:05.75-07:00")
        #expect(time.rfc3339 == "2006-01-02T15:04:05Z")
        let json = try JSONEncoder().encode([time])
        #expect(String(decoding: json, as: UTF8.self) == #"["2006-01-02T15:04:05Z"]"#)
    }

    @Test func microTimeEncodesSixFractionDigitsInUTC() throws {
        let time = try MicroTime(rfc3339: "2006-01-02T17:04:05.05+02:00")
        #expect(time.rfc3339 == "2006-01-02T15:04:05.050000Z")
        #expect(MicroTime(microsecondsSinceEpoch: -1).rfc3339 == "1969-12-31T23:59:59.999999Z")
        #expect(MicroTime(microsecondsSinceEpoch: 0).rfc3339 == "1970-01-01T00:00:00.000000Z")
    }

    static let roundTripSeconds: [Int64] = [0, -1, 951_782_400, 1_136_214_245, 4_102_444_799, 253_402_300_799]

    @Test(arguments: roundTripSeconds)
    func timeRoundTripsThroughJSON(seconds: Int64) throws {
        let time = Time(secondsSinceEpoch: seconds)
        let decoded = try JSONDecoder().decode([Time].self, from: JSONEncoder().encode([time]))
        #expect(decoded == [time])
        let micro = MicroTime(microsecondsSinceEpoch: seconds * 1_000_000 + 654_321)
        let decodedMicro = try JSONDecoder().decode([MicroTime].self, from: JSONEncoder().encode([micro]))
        #expect(decodedMicro == [micro])
        #expect(micro.time == time)
    }

    @Test func yearsBeyondRFC3339AreNotEncoded() {
        let time = Time(secondsSinceEpoch: 253_402_300_800)  // 10000-01-01
        #expect(time.rfc3339 == nil)
        #expect(throws: EncodingError.self) { try JSONEncoder().encode([time]) }
    }

    @Test func dateConversions() throws {
        let date = Date(timeIntervalSince1970: 1_136_214_245.75)
        #expect(Time(date).secondsSinceEpoch == 1_136_214_245)
        #expect(MicroTime(date).microsecondsSinceEpoch == 1_136_214_245_750_000)
        #expect(Time(secondsSinceEpoch: 5).date == Date(timeIntervalSince1970: 5))
        #expect(MicroTime(Time(secondsSinceEpoch: 5)).microsecondsSinceEpoch == 5_000_000)
        #expect(Time(secondsSinceEpoch: 1) < Time(secondsSinceEpoch: 2))
    }

    @Test func decodingAnInvalidTimestampNamesIt() {
        #expect {
            try JSONDecoder().decode([Time].self, from: Data(#"["yesterday"]"#.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.debugDescription.contains("'yesterday'")
        }
    }
}
