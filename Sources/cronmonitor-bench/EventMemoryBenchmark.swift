import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import Logging
import Synchronization

/// `event-memory`: N distinct Events (10 a second of simulated time, spread over M monitors)
/// through the EventRecorder against a transport that accepts every write, with the series flush
/// every 30 simulated seconds; after each 10,000 prints what the correlator retains and the RSS.
/// The retained counts must level off once the series window (6 minutes) and the bucket refill
/// (5 minutes) have passed: state expires instead of growing with every Event.
struct EventMemoryBenchmark: Sendable {
    var options: BenchOptions

    func run() async throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = Mutex(start)
        let transport = AcceptingTransport()
        var logger = Logger(label: "cronmonitor-bench")
        logger.logLevel = .warning
        let recorder = EventRecorder(
            client: KubernetesClient(transport: transport), reportingController: "cronmonitor.io/operator",
            reportingInstance: "bench", logger: logger, now: { clock.withLock { $0 } })
        ProcessMetrics.trimHeap()
        let baseline = try ProcessMetrics.residentBytes()
        Figures.say("event-memory: \(options.events) distinct Events over \(options.monitors) monitors, 10 per simulated second; RSS before \(Figures.mebibytes(baseline))")
        let began = Sample.now()
        for index in 0..<options.events {
            clock.withLock { $0 = start.addingTimeInterval(Double(index) / 10) }
            await recorder.record(Self.draft(index, monitors: options.monitors))
            if index % 300 == 299 { await recorder.flushSeries() }
            guard (index + 1) % 10_000 == 0 else { continue }
            let retained = await recorder.retained
            ProcessMetrics.trimHeap()
            let rss = try ProcessMetrics.residentBytes()
            Figures.say("event-memory: after \(index + 1) Events (\(Int(Double(index + 1) / 10)) s simulated): retained series \(retained.series), aggregates \(retained.aggregates), buckets \(retained.buckets); API writes \(transport.requests); RSS \(Figures.mebibytes(rss)) (+\(Figures.mebibytes(rss - baseline)))")
        }
        let elapsed = began.until(.now())
        Figures.say("event-memory: \(Figures.rate(options.events, elapsed.wall)) Events/s recorded (\(Figures.seconds(elapsed.wall)))")
    }

    static func draft(_ index: Int, monitors: Int) -> EventDraft {
        let monitor = "monitor-\(index % monitors)"
        return EventDraft(
            regarding: ObjectReference(
                apiVersion: "cronmonitor.io/v1alpha1", kind: "CronMonitor", namespace: "bench", name: monitor,
                uid: "uid-\(monitor)"),
            related: ObjectReference(apiVersion: "batch/v1", kind: "Job", namespace: "bench", name: "\(monitor)-\(index)"),
            type: .warning, reason: "RunFailed", action: "Judge",
            note: "Job \(monitor)-\(index) (slot \(index)) failed: BackoffLimitExceeded")
    }
}

/// Answers every request 201 with an empty object, and counts them.
final class AcceptingTransport: HTTPTransport {
    private let count = Mutex(0)

    var requests: Int { count.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        count.withLock { $0 += 1 }
        return HTTPResponse(status: 201, headers: ["content-type": "application/json"], body: Data("{}".utf8))
    }

    func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
        throw TransportError(.other, "event-memory makes no streaming requests")
    }
}
