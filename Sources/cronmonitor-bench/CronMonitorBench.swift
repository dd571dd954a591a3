import Foundation

/// `cronmonitor-bench`: measures the non-functional targets of PRODUCT.md and prints figures.
/// Build it in release mode; debug figures mean nothing.
@main
enum CronMonitorBench {
    static func main() async {
        // A dead child's pipe must give an error, not kill us.
        signal(SIGPIPE, SIG_IGN)
        do {
            let arguments = Array(CommandLine.arguments.dropFirst())
            if arguments.first == InstructionCounts.command { return try InstructionCounts(arguments: arguments).run() }
            let options = try BenchOptions(arguments: arguments)
            switch options.scenario {
            case .watchIngest:
                try await WatchIngestBenchmark(options: options).run()
            case .cacheMemory:
                try await CacheMemoryBenchmark(options: options).run()
            case .decode:
                try DecodeBenchmark(options: options).run()
            case .fleet:
                try await FleetBenchmark(options: options).run()
            case .eventMemory:
                try await EventMemoryBenchmark(options: options).run()
            case .podMemory:
                try PodMemoryBenchmark(options: options).run()
            case .failover:
                try await FailoverBenchmark(options: options).run()
            case .reconcile:
                try await ReconcileBenchmark(options: options).run()
            case .latency:
                try await LatencyBenchmark(options: options).run()
            case .startup:
                try await StartupBenchmark(options: options).run()
            case .serveSimulator, .serveFleet, .serveFailover:
                try await SimulatorHost(options: options).run()
            case .serveLatency, .serveStartup:
                try await ObservedSimulatorHost(options: options).run()
            }
        } catch {
            FileHandle.standardError.write(Data("cronmonitor-bench: \(error)\n".utf8))
            exit(1)
        }
    }
}
