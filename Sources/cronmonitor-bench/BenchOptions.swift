/// What to run and how big, parsed from the command line.
struct BenchOptions: Sendable, Equatable {
    enum Scenario: String, Sendable, Equatable, CaseIterable {
        case watchIngest = "watch-ingest"
        case cacheMemory = "cache-memory"
        /// Internal: the KubeSim child process the other scenarios talk to.
        case serveSimulator = "serve-sim"
    }

    var scenario: Scenario
    /// Jobs held by KubeSim (and listed into the cache).
    var jobs = 100_000
    /// Live status updates streamed over the watch (`watch-ingest`).
    var updates = 50_000
    /// Objects per list page, as the controller's watcher uses.
    var pageSize = 500
    /// Namespaces the Jobs are spread over.
    var namespaces = 10

    static let usage = """
        usage: cronmonitor-bench <scenario> [--jobs N] [--updates M] [--page-size P] [--namespaces K]
          watch-ingest   list N Jobs over HTTP into the cache, then stream M status updates over the watch
          cache-memory   RSS per cached Job after listing N Jobs, and the peak during a relist
        defaults: --jobs 100000 --updates 50000 --page-size 500 --namespaces 10
        """

    init(scenario: Scenario) {
        self.scenario = scenario
    }

    init(arguments: [String]) throws(BenchError) {
        guard let first = arguments.first else { throw .usage("missing scenario") }
        guard let scenario = Scenario(rawValue: first) else { throw .usage("unknown scenario \(first)") }
        self.init(scenario: scenario)
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            guard let text = rest.popFirst() else { throw .usage("\(flag) needs a value") }
            guard let value = Int(text), value > 0 else { throw .usage("\(flag) needs a positive integer, got \(text)") }
            switch flag {
            case "--jobs": jobs = value
            case "--updates": updates = value
            case "--page-size": pageSize = value
            case "--namespaces": namespaces = value
            default: throw .usage("unknown option \(flag)")
            }
        }
    }

    /// The arguments that start a simulator child for these options.
    var simulatorArguments: [String] {
        [Scenario.serveSimulator.rawValue, "--jobs", "\(jobs)", "--updates", "\(updates)", "--namespaces", "\(namespaces)"]
    }
}

/// Why a benchmark could not run.
enum BenchError: Error, Sendable, Equatable, CustomStringConvertible {
    case usage(String)
    case simulator(String)
    case measurement(String)

    var description: String {
        switch self {
        case .usage(let message): "\(message)\n\(BenchOptions.usage)"
        case .simulator(let message): "simulator: \(message)"
        case .measurement(let message): "measurement: \(message)"
        }
    }
}
