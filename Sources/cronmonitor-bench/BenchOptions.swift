/// What to run and how big, parsed from the command line.
struct BenchOptions: Sendable, Equatable {
    enum Scenario: String, Sendable, Equatable, CaseIterable {
        case watchIngest = "watch-ingest"
        case cacheMemory = "cache-memory"
        case fleet
        case eventMemory = "event-memory"
        case podMemory = "pod-memory"
        case failover
        case decode
        case reconcile
        case latency
        case startup
        /// Internal: the KubeSim child process `watch-ingest` and `cache-memory` talk to.
        case serveSimulator = "serve-sim"
        /// Internal: the KubeSim child process of `fleet`, seeded with monitors and their Jobs.
        case serveFleet = "serve-fleet"
        /// Internal: the KubeSim child process of `failover`, with the CRD, a namespace and a CronJob.
        case serveFailover = "serve-failover"
        /// Internal: the KubeSim child of `latency`, recording when requests arrive.
        case serveLatency = "serve-latency"
        /// Internal: the KubeSim child of `startup`, recording when requests arrive.
        case serveStartup = "serve-startup"
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
    /// CronMonitors (`fleet`).
    var monitors = 500
    /// Finished Jobs that appear at once after the fleet has converged (`fleet`).
    var burst = 5_000
    /// Every seeded Job of a monitor is created and started in one second (`fleet`).
    var sameSecond = false
    /// Every seeded Job has its finished Pod, labelled as the Job controller labels it (`fleet`).
    var withPods = false
    /// Distinct Events recorded (`event-memory`).
    var events = 100_000
    /// Pods of Jobs cached (`pod-memory`).
    var pods = 100_000
    /// Seconds a `fleet` phase may take to converge before the benchmark gives up.
    var timeoutSeconds = 120
    /// The operator's client-side rate limit, as its `--kube-api-qps` / `--kube-api-burst`.
    var kubeAPIQPS = 50
    var kubeAPIBurst = 100
    /// Repetitions of each `failover` scenario.
    var runs = 3
    /// Job finishes a second, and for how many seconds (`latency`).
    var rate = 50
    var seconds = 20
    /// Internal (`serve-fleet`, `serve-latency`, `serve-startup`): the epoch second the fleet's history is laid out before.
    var anchor = 0

    static let usage = """
        usage: cronmonitor-bench <scenario> [options]
          watch-ingest   list N Jobs over HTTP into the cache, then stream M status updates over the watch
                         [--jobs N] [--updates M] [--page-size P] [--namespaces K]
          cache-memory   RSS per cached Job after listing N Jobs, and the peak during a relist
                         [--jobs N] [--page-size P] [--namespaces K]
          decode         the decode step alone, in process: one Job watch line to a JobProjection M times,
                         by JSONDecoder + init and by the byte reader [--updates M]
          fleet          the operator (in this process) over C selector CronMonitors and N finished Jobs: time,
                         status PATCHes and CPU to converge, to absorb a burst of B finished Jobs, and after a
                         restart; --namespaces 1 puts every monitor and Job in one namespace, --with-pods gives
                         every Job its finished Pod [--monitors C] [--jobs N] [--burst B] [--same-second] [--with-pods] [--timeout S]
                         [--kube-api-qps Q] [--kube-api-burst R] [--namespaces K]
          event-memory   E distinct Events over C monitors through the EventRecorder (simulated clock, 10 a
                         second; every write accepted): what it retains and RSS after each 10,000
                         [--events E] [--monitors C]
          pod-memory     RSS per cached Pod of a Job after decoding and caching P whole Pods in process [--pods P]
          reconcile      the CPU of one reconcile, in process, against an API that answers at once: a monitor
                         selecting its 40 Jobs among N in its namespace, 100 runs in its status; no-op, one
                         change, and the status diff alone by both paths, M times each [--jobs N] [--updates M]
          failover       two `cronmonitor-operator run --leader-elect` processes (next to this executable) over
                         KubeSim: SIGKILL the leader -> the standby's first status write; SIGTERM -> the standby
                         holds the Lease; each R times [--runs R] [--timeout S]
          latency        a `cronmonitor-operator run` process over C CronJob monitors and N Jobs (the newest of each
                         monitor running): KubeSim finishes running Jobs at R a second for S seconds; finish -> status
                         PATCH and -> Event POST as KubeSim receives them [--jobs N] [--monitors C] [--rate R]
                         [--seconds S] [--timeout T]
          startup        a `cronmonitor-operator run` process over N Jobs and C CronJob monitors: start -> caches
                         synced, -> first status write, -> every monitor written; its RSS [--jobs N] [--monitors C]
                         [--namespaces K] [--timeout T]
          instructions   instructions per step under `valgrind --tool=callgrind` (load-independent): a Job and a
                         Pod watch event by each reader and by JSONDecoder, a reconcile (no-op, one change); each
                         case run with N and 2N steps, their difference over N [--count N]
        defaults: --jobs 100000 (fleet: 20000, latency: 10000) --updates 50000 --page-size 500 --namespaces 10
                  --monitors 500 (event-memory, startup: 10000; latency: 1000) --events 100000 --pods 100000 --burst 5000
                  --timeout 120 (startup: 600) --kube-api-qps 50 --kube-api-burst 100 --runs 3 --rate 50 --seconds 20
        """

    init(scenario: Scenario) {
        self.scenario = scenario
        switch scenario {
        case .fleet, .serveFleet: jobs = 20_000
        case .eventMemory: monitors = 10_000
        case .reconcile:
            jobs = 20_000
            updates = 2_000
        case .latency, .serveLatency:
            jobs = 10_000
            monitors = 1_000
        case .startup, .serveStartup:
            monitors = 10_000
            timeoutSeconds = 600
        case .watchIngest, .cacheMemory, .serveSimulator, .failover, .serveFailover, .decode, .podMemory: break
        }
    }

    init(arguments: [String]) throws(BenchError) {
        guard let first = arguments.first else { throw .usage("missing scenario") }
        guard let scenario = Scenario(rawValue: first) else { throw .usage("unknown scenario \(first)") }
        self.init(scenario: scenario)
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            switch flag {
            case "--same-second":
                sameSecond = true
                continue
            case "--with-pods":
                withPods = true
                continue
            default: break
            }
            guard let text = rest.popFirst() else { throw .usage("\(flag) needs a value") }
            guard let value = Int(text), value > 0 else { throw .usage("\(flag) needs a positive integer, got \(text)") }
            switch flag {
            case "--jobs": jobs = value
            case "--updates": updates = value
            case "--page-size": pageSize = value
            case "--namespaces": namespaces = value
            case "--monitors": monitors = value
            case "--burst": burst = value
            case "--timeout": timeoutSeconds = value
            case "--kube-api-qps": kubeAPIQPS = value
            case "--kube-api-burst": kubeAPIBurst = value
            case "--anchor": anchor = value
            case "--events": events = value
            case "--pods": pods = value
            case "--runs": runs = value
            case "--rate": rate = value
            case "--seconds": seconds = value
            default: throw .usage("unknown option \(flag)")
            }
        }
        if scenario == .fleet || scenario == .serveFleet, jobs < monitors {
            throw .usage("--jobs (\(jobs)) must be at least --monitors (\(monitors)): every monitor has a history")
        }
        if [.latency, .serveLatency, .startup, .serveStartup].contains(scenario), jobs < monitors {
            throw .usage("--jobs (\(jobs)) must be at least --monitors (\(monitors)): every monitor has a Job")
        }
        if scenario == .latency, rate * seconds > monitors {
            throw .usage("--rate × --seconds (\(rate * seconds)) must be at most --monitors (\(monitors)): each finish is another monitor's running Job")
        }
    }

    /// The arguments that start a simulator child for these options.
    var simulatorArguments: [String] {
        switch scenario {
        case .fleet, .serveFleet:
            [Scenario.serveFleet.rawValue, "--monitors", "\(monitors)", "--jobs", "\(jobs)", "--namespaces", "\(namespaces)",
             "--anchor", "\(anchor)"] + (sameSecond ? ["--same-second"] : []) + (withPods ? ["--with-pods"] : [])
        case .failover, .serveFailover:
            [Scenario.serveFailover.rawValue]
        case .latency, .serveLatency:
            [Scenario.serveLatency.rawValue, "--monitors", "\(monitors)", "--jobs", "\(jobs)", "--anchor", "\(anchor)"]
        case .startup, .serveStartup:
            [Scenario.serveStartup.rawValue, "--monitors", "\(monitors)", "--jobs", "\(jobs)", "--namespaces", "\(namespaces)",
             "--anchor", "\(anchor)"]
        case .watchIngest, .cacheMemory, .serveSimulator, .eventMemory, .podMemory, .decode, .reconcile:
            [Scenario.serveSimulator.rawValue, "--jobs", "\(jobs)", "--updates", "\(updates)", "--namespaces", "\(namespaces)"]
        }
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
