import CronMonitorController
import Foundation
import KubernetesModel

/// `decode`: the decode step alone, in this process, without HTTP or the cache: one watch line
/// (`MODIFIED` of the watch-ingest fixture's first Job, with KubeSim-like metadata) turned into
/// a `JobProjection` M times by each path. Small and deterministic, for profilers
/// (`valgrind --tool=callgrind cronmonitor-bench decode --updates 1000`).
struct DecodeBenchmark: Sendable {
    var options: BenchOptions

    func run() throws {
        let line = try Self.line(namespaces: options.namespaces)
        let count = options.updates
        let decoder = JSONDecoder()
        let reference = try Self.decodedProjection(of: line, with: decoder)
        guard try JobProjection.readWatchLine(line).object?.projection == reference else {
            throw BenchError.measurement("the paths disagree on the fixture line")
        }
        Figures.say("decode: one MODIFIED line of \(line.count) bytes, \(count) times per path")
        var checksum = 0
        let decodeStart = Sample.now()
        for _ in 0..<count {
            checksum &+= try Self.decodedProjection(of: line, with: decoder).uid.utf8.count
        }
        let decode = decodeStart.until(.now())
        let readStart = Sample.now()
        for _ in 0..<count {
            guard let read = try JobProjection.readWatchLine(line).object else {
                throw BenchError.measurement("the fixture line was read without an object")
            }
            checksum &+= read.projection.uid.utf8.count
        }
        let read = readStart.until(.now())
        for (path, sample) in [(JobWatch.Path.decode, decode), (.readBytes, read)] {
            Figures.say("decode [\(path.rawValue)]: CPU \(Figures.seconds(sample.cpu)) = \(Figures.micros(sample.cpu / Double(count))) per event = \(Figures.rate(count, sample.cpu)) events per CPU-second")
        }
        Figures.say("decode: read bytes is \(Figures.ratio(read.cpu > 0 ? decode.cpu / read.cpu : 0))× decode (checksum \(checksum))")
    }

    /// The projection through the JSONDecoder path (the "before" of the comparison).
    static func decodedProjection(of line: [UInt8], with decoder: JSONDecoder) throws -> JobProjection {
        guard let job = try decoder.decode(WatchEvent<BatchV1.Job>.self, from: Data(line)).object else {
            throw BenchError.measurement("the fixture line decoded without an object")
        }
        return JobProjection(job)
    }

    static func line(namespaces: Int) throws -> [UInt8] {
        var job = JobFixture(namespaces: namespaces).job(0)
        if case .object(var members) = job, case .object(var metadata) = members["metadata"] ?? .null {
            metadata["uid"] = "6f1c0a52-3d4e-4b8a-9c1d-2e3f4a5b6c7d"
            metadata["resourceVersion"] = "123456"
            metadata["generation"] = 1
            metadata["creationTimestamp"] = "2025-02-20T05:30:01Z"
            members["metadata"] = .object(metadata)
            job = .object(members)
        }
        // As the API server writes it: `type` first.
        return Array(#"{"type":"MODIFIED","object":"#.utf8) + Array(try JSONEncoder().encode(job)) + Array("}".utf8)
    }
}
