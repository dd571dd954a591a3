import Foundation
import KubeSim
import Logging

/// The KubeSim child of `latency` and `startup` (`serve-latency`, `serve-startup`): seeds the
/// CronJob fleet, serves it on loopback HTTP with a `RequestLog` as KubeSim's logger (so it
/// records when each request arrives), prints `ready <url> <seed seconds>`, then obeys one
/// command per line on stdin (see `ObservedCommandLoop`). End of stdin ends it.
struct ObservedSimulatorHost: Sendable {
    var options: BenchOptions

    func run() async throws {
        let fleet = CronJobFleet(options: options)
        // The operator lists at the current resourceVersion; the finishes of `latency` stay in the
        // history and in the watch buffers.
        let store = try ObjectStore(configuration: ObjectStore.Configuration(historyCapacity: 20_000, watchBufferSize: 20_000))
        let seeder = CronJobFleetSeeder(store: store, fleet: fleet)
        let seeded = Sample.now()
        try seeder.seed()
        let seedSeconds = seeded.until(.now()).wall
        let requests = RequestLog()
        let server = KubeSimServer(
            store: store, configuration: KubeSimServer.Configuration(host: "127.0.0.1", port: 0),
            logger: requests.logger())
        let commands = ObservedCommandLoop(seeder: seeder, requests: requests)
        try await server.run { port in
            SimulatorHost.reply("ready http://127.0.0.1:\(port) \(seedSeconds)")
            Thread.detachNewThread { commands.run() }
        }
    }
}

/// The commands of `ObservedSimulatorHost`, read on their own thread:
///
/// - `counts`: `counts <status PATCHes> <monitors PATCHed> <Event POSTs> <first status PATCH> <last status PATCH>`
///   (instants in `MonotonicTime` nanoseconds, -1 for none);
/// - `kinds`: `kinds <kind>=<count>,…`, every request so far by kind;
/// - `finish <rate> <count>`: finishes running Jobs (`CronJobFleetSeeder.finish`), answered
///   `finished <count> <first finish> <last finish>`;
/// - `missing`: `missing <finishes with no status PATCH of their monitor since> <failed finishes with no Event POST in their namespace since>`;
/// - `results`: per finish `job <monitor> <failed 0|1> <ns to the first status PATCH of its monitor, or -1>
///   <status PATCHes of its monitor since> <ns to the first Event POST in its namespace, or -1>`, then `end`;
/// - `quit`.
struct ObservedCommandLoop: Sendable {
    var seeder: CronJobFleetSeeder
    var requests: RequestLog

    func run() {
        var finishes: [CronJobFleetSeeder.Finish] = []
        while let line = readLine() {
            let words = line.split(separator: " ")
            switch words.first {
            case "counts":
                let arrivals = requests.arrivals
                SimulatorHost.reply(
                    "counts \(arrivals.statusPatchCount) \(arrivals.statusPatches.count) \(arrivals.eventPostCount) "
                        + "\(arrivals.firstStatusPatch ?? -1) \(arrivals.lastStatusPatch ?? -1)")
            case "kinds":
                let kinds = requests.arrivals.byKind.sorted { $0.value > $1.value }.map { "\($0.key)=\($0.value)" }
                SimulatorHost.reply("kinds " + kinds.joined(separator: ","))
            case "finish":
                let numbers = words.dropFirst().compactMap { Int($0) }
                guard numbers.count == 2, numbers[0] > 0, numbers[1] <= seeder.fleet.monitors, seeder.fleet.running else {
                    SimulatorHost.reply("error finish needs <rate> <count>, count at most the monitors, and running Jobs")
                    continue
                }
                do {
                    finishes = try seeder.finish(count: numbers[1], rate: numbers[0])
                } catch {
                    SimulatorHost.reply("error finish: \(error)")
                    continue
                }
                SimulatorHost.reply("finished \(finishes.count) \(finishes.first?.at ?? -1) \(finishes.last?.at ?? -1)")
            case "missing":
                let matched = match(finishes)
                let noPatch = matched.filter { $0.patch == nil }.count
                let noEvent = matched.filter { $0.finish.failed && $0.event == nil }.count
                SimulatorHost.reply("missing \(noPatch) \(noEvent)")
            case "results":
                for result in match(finishes) {
                    SimulatorHost.reply(
                        "job \(result.finish.monitor) \(result.finish.failed ? 1 : 0) \(result.patch ?? -1) \(result.patches) \(result.event ?? -1)")
                }
                SimulatorHost.reply("end")
            case "quit":
                exit(0)
            default:
                SimulatorHost.reply("error unknown command \(line)")
            }
        }
        exit(0)
    }

    struct Matched {
        var finish: CronJobFleetSeeder.Finish
        /// Nanoseconds from the finish to the first status PATCH of its monitor after it.
        var patch: Int64?
        /// Status PATCHes of its monitor after the finish.
        var patches: Int
        /// Nanoseconds from the finish to the first Event POST in its namespace after it.
        var event: Int64?
    }

    /// Each finish with the requests that followed it: its monitor's status PATCHes, and the
    /// Event POSTs of its namespace (`latency` gives every monitor its own namespace).
    private func match(_ finishes: [CronJobFleetSeeder.Finish]) -> [Matched] {
        let arrivals = requests.arrivals
        let fleet = seeder.fleet
        return finishes.map { finish in
            let after = (arrivals.statusPatches[fleet.key(ofMonitor: finish.monitor)] ?? []).filter { $0 >= finish.at }
            let event = (arrivals.eventPosts[fleet.namespace(ofMonitor: finish.monitor)] ?? []).first { $0 >= finish.at }
            return Matched(
                finish: finish, patch: after.first.map { $0 - finish.at }, patches: after.count,
                event: event.map { $0 - finish.at })
        }
    }
}
