import Foundation
import KubeSim
import KubernetesModel
import Logging

/// The child side (`serve-sim`, `serve-fleet`, `serve-failover`): KubeSim on loopback HTTP in its
/// own process, so its memory and CPU stay out of the client's figures. It seeds the Jobs (or the
/// fleet, or the failover fixture) straight into its store, prints `ready <url> <seed seconds>`, then obeys one command per line on stdin:
/// `update <M>` (M status patches through the store, answered `updated <M> <seconds> <cpu seconds>`),
/// `relist` (compact the history and end the watches, so a watcher must list again; answered
/// `relisting`), `burst <K> <epoch second>` (`serve-fleet`: K more finished Jobs, answered
/// `burst <K> <seconds>`), `quit`. End of stdin also ends it.
struct SimulatorHost: Sendable {
    var options: BenchOptions

    func run() async throws {
        // Every change of the measured phases stays in the history and in the watch buffer, so a
        // slow client drains a backlog instead of losing its watch.
        let retained = switch options.scenario {
        case .serveFleet, .fleet: (options.withPods ? 4 : 2) * (options.jobs + options.burst + 10 * options.monitors) + 10_000
        case .watchIngest, .cacheMemory, .serveSimulator, .eventMemory, .podMemory, .decode, .reconcile: 2 * options.updates + 10_000
        case .serveFailover, .failover, .serveLatency, .latency, .serveStartup, .startup: 10_000
        }
        let store = try ObjectStore(configuration: ObjectStore.Configuration(
            historyCapacity: retained, watchBufferSize: retained))
        let fixture = JobFixture(namespaces: options.namespaces)
        let seeded = Sample.now()
        var fleet: FleetSeeder?
        switch options.scenario {
        case .serveFleet, .fleet:
            let seeder = FleetSeeder(store: store, fixture: FleetFixture(options: options))
            try seeder.seed()
            fleet = seeder
        case .watchIngest, .cacheMemory, .serveSimulator, .eventMemory, .podMemory, .decode, .reconcile:
            try seed(store, fixture: fixture)
        case .serveFailover, .failover, .serveLatency, .latency, .serveStartup, .startup:
            // (`latency` and `startup` have a host of their own, `ObservedSimulatorHost`.)
            try FailoverFixture.seed(store)
        }
        let seedSeconds = seeded.until(.now()).wall
        var logger = Logger(label: "kubesim-bench")
        logger.logLevel = .critical
        let server = KubeSimServer(
            store: store, configuration: KubeSimServer.Configuration(host: "127.0.0.1", port: 0), logger: logger)
        let commands = CommandLoop(store: store, fixture: fixture, jobs: options.jobs, fleet: fleet)
        try await server.run { port in
            Self.reply("ready http://127.0.0.1:\(port) \(seedSeconds)")
            Thread.detachNewThread { commands.run() }
        }
    }

    private func seed(_ store: ObjectStore, fixture: JobFixture) throws(APIError) {
        for index in 0..<options.namespaces {
            _ = try store.create(.namespaces, namespace: nil, object: ["metadata": ["name": .string(fixture.namespace(of: index))]])
        }
        for index in 0..<options.jobs {
            _ = try store.create(.jobs, namespace: fixture.namespace(of: index), object: fixture.job(index))
        }
    }

    /// One line on stdout, unbuffered (stdout is a pipe).
    static func reply(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
