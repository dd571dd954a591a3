import CronMonitorController
import Foundation
import KubernetesModel
import Synchronization

/// `instructions`: instruction counts under callgrind, which do not wander with the load of the
/// machine as CPU seconds do. Each case runs in two child processes, `valgrind --tool=callgrind`
/// over a copy of this executable without debug info (valgrind 3.19 does not read the
/// toolchain's DWARF 5): both build the same input, then one runs the step `count` times and the
/// other `2 × count` times. The difference of the two totals (every thread's instructions)
/// divided by `count` is the cost of one step: building the input, the cold first run, process
/// start and exit cancel out. Hashing is made deterministic
/// (`SWIFT_DETERMINISTIC_HASHING`) so that both children do the same set-up work. Everything
/// runs on the main thread, async steps too (on an `InlineExecutor`): valgrind 3.19 crashes here
/// when a thread is created while the main thread waits in `dispatch_main`, as an async `main`'s
/// does once its task has moved to the cooperative pool.
///
///     cronmonitor-bench instructions [--count N]                 every case
///     cronmonitor-bench instructions --case job-reader --count N  one child: set-up, then N steps
struct InstructionCounts {
    enum Case: String, CaseIterable {
        case jobDecoder = "job-decoder"
        case jobReader = "job-reader"
        case podDecoder = "pod-decoder"
        case podReader = "pod-reader"
        case reconcileNoOp = "reconcile-no-op"
        case reconcileChange = "reconcile-change"

        /// Repetitions that take callgrind a few seconds.
        var defaultCount: Int {
            switch self {
            case .jobDecoder, .podDecoder: 200
            case .jobReader, .podReader: 1_000
            case .reconcileNoOp: 100
            case .reconcileChange: 50
            }
        }

        var unit: String { self == .reconcileNoOp || self == .reconcileChange ? "reconcile" : "watch event" }

        var input: String {
            switch self {
            case .jobDecoder: "the decode benchmark's MODIFIED line of a Job (2.6 KB) by JSONDecoder + JobProjection.init"
            case .jobReader: "the same line by the byte reader (JobProjection.readWatchLine)"
            case .podDecoder: "a MODIFIED line of a succeeded Pod of pod-memory's (3.3 KB) by JSONDecoder + PodProjection.init"
            case .podReader: "the same line by the byte reader (PodProjection.readWatchLine)"
            case .reconcileNoOp: "the reconcile benchmark's monitor (40 of 20,000 Jobs, 100 runs), its status current: no write"
            case .reconcileChange: "the same monitor, its cached status before the newest Job finished: one status PATCH"
            }
        }
    }

    static let command = "instructions"

    var only: Case?
    var count: Int?

    init(arguments: [String]) throws(BenchError) {
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw .usage("\(flag) needs a value") }
            switch flag {
            case "--case":
                guard let only = Case(rawValue: value) else {
                    throw .usage("unknown case \(value) (\(Case.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                self.only = only
            case "--count":
                guard let count = Int(value), count > 0 else { throw .usage("--count needs a positive integer, got \(value)") }
                self.count = count
            default:
                throw .usage("unknown option \(flag) (\(Self.command) [--case NAME] [--count N])")
            }
        }
    }

    func run() throws {
        if let only {
            try Self.measure(only, count: count ?? only.defaultCount)
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cronmonitor-bench-callgrind-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let binary = directory.appendingPathComponent("cronmonitor-bench").path
        try Self.run("objcopy", ["--strip-debug", try Self.executablePath(), binary])
        Figures.say("instructions: valgrind --tool=callgrind over \(binary), N and 2N steps per case; output in \(directory.path)")
        var perOp: [Case: Double] = [:]
        for item in Case.allCases {
            let count = count ?? item.defaultCount
            var totals: [Int] = []
            for steps in [count, 2 * count] {
                let output = directory.appendingPathComponent("\(item.rawValue)-\(steps).callgrind").path
                try Self.run(
                    "valgrind",
                    ["--tool=callgrind", "--callgrind-out-file=\(output)",
                     "--log-file=\(directory.appendingPathComponent("\(item.rawValue)-\(steps).log").path)",
                     binary, Self.command, "--case", item.rawValue, "--count", "\(steps)"])
                totals.append(try Self.collectedInstructions(in: output))
            }
            let perStep = (totals[1] - totals[0]) / count
            perOp[item] = Double(perStep)
            Figures.say("instructions [\(item.rawValue)]: \(item.input)")
            Figures.say(
                "instructions [\(item.rawValue)]: \(Self.grouped(perStep)) per \(item.unit) (process totals \(Self.grouped(totals[0])) with \(count), \(Self.grouped(totals[1])) with \(2 * count))")
        }
        for (before, after, what) in [(Case.jobDecoder, Case.jobReader, "Job"), (.podDecoder, .podReader, "Pod")] {
            if let decoder = perOp[before], let reader = perOp[after], reader > 0 {
                Figures.say("instructions: the \(what) reader takes \(Figures.ratio(decoder / reader))× fewer instructions per event than JSONDecoder + init")
            }
        }
    }

    // MARK: - The child: one case under callgrind

    static func measure(_ item: Case, count: Int) throws {
        switch item {
        case .jobDecoder, .jobReader:
            let line = try DecodeBenchmark.line(namespaces: 10)
            let decoder = JSONDecoder()
            let step: () throws -> Void =
                item == .jobDecoder
                ? { _ = try DecodeBenchmark.decodedProjection(of: line, with: decoder) }
                : { _ = try JobProjection.readWatchLine(line) }
            for _ in 0..<count { try step() }
        case .podDecoder, .podReader:
            // A Pod that succeeded, as 7 in 10 of pod-memory's do.
            let line = Array(#"{"type":"MODIFIED","object":"#.utf8) + PodMemoryBenchmark.pod(3) + Array("}".utf8)
            let decoder = JSONDecoder()
            let step: () throws -> Void =
                item == .podDecoder
                ? {
                    guard let pod = try decoder.decode(WatchEvent<CoreV1.Pod>.self, from: Data(line)).object else {
                        throw BenchError.measurement("the Pod line decoded without an object")
                    }
                    _ = PodProjection(pod)
                }
                : { _ = try PodProjection.readWatchLine(line) }
            for _ in 0..<count { try step() }
        case .reconcileNoOp, .reconcileChange:
            let written = try InlineExecutor().run {
                let prepared = try await ReconcileBenchmark.prepare(jobs: 20_000)
                prepared.cache(status: item == .reconcileNoOp ? prepared.converged : prepared.before)
                let writes = prepared.transport.statusWrites
                for _ in 0..<count { _ = try await prepared.reconciler.reconcile(prepared.key) }
                return prepared.transport.statusWrites - writes
            }
            guard written == (item == .reconcileNoOp ? 0 : count) else {
                throw BenchError.measurement("\(written) status writes in \(count) reconciles")
            }
        }
    }

    // MARK: - Helpers of the parent

    static func executablePath() throws -> String {
        let path = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchError.measurement("cannot find this executable (\(path))")
        }
        return path
    }

    /// Runs `tool` (found on PATH) and waits; a non-zero exit is an error.
    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        // The same hash seed in every run: dictionaries and sets do the same work each time.
        process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_DETERMINISTIC_HASHING": "1"]) { $1 }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError.measurement("\(tool) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
    }

    /// The instructions (`Ir`) callgrind collected: its `totals:` line (`summary:` in older versions).
    static func collectedInstructions(in path: String) throws -> Int {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for line in text.split(separator: "\n").reversed() where line.hasPrefix("totals:") || line.hasPrefix("summary:") {
            if let figure = line.split(separator: " ").dropFirst().first, let total = Int(figure) { return total }
        }
        throw BenchError.measurement("no totals in \(path)")
    }

    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        return String(digits.enumerated().flatMap { index, digit in
            index > 0 && (digits.count - index) % 3 == 0 ? [",", digit] : [digit]
        })
    }
}

/// A task executor whose jobs run on the thread that calls `run`.
final class InlineExecutor: TaskExecutor {
    private let queue = Mutex<[UnownedJob]>([])

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.withLock { $0.append(job) }
    }

    /// Runs `body` in a task that prefers this executor, running its jobs on this thread (and
    /// waiting for those enqueued from elsewhere) until it returns.
    func run<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) throws -> Value {
        let outcome = Mutex<Result<Value, BenchError>?>(nil)
        Task(executorPreference: self) {
            let result: Result<Value, BenchError>
            do {
                result = .success(try await body())
            } catch {
                result = .failure(.measurement("\(error)"))
            }
            outcome.withLock { $0 = result }
        }
        while true {
            if let result = outcome.withLock({ $0 }) { return try result.get() }
            if let job = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                job.runSynchronously(on: asUnownedTaskExecutor())
            } else {
                sched_yield()
            }
        }
    }
}
