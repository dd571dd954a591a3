import Foundation
import KubeSim
import KubernetesModel
import Logging

/// The child side (`serve-sim`): KubeSim on loopback HTTP in its own process, so its memory and
/// CPU stay out of the client's figures. It seeds the Jobs straight into its store, prints
/// `ready <url> <seed seconds>`, then obeys one command per line on stdin:
/// `update <M>` (M status patches through the store, answered `updated <M> <seconds> <cpu seconds>`),
/// `relist` (compact the history and end the watches, so a watcher must list again; answered
/// `relisting`), `quit`. End of stdin also ends it.
struct SimulatorHost: Sendable {
    var options: BenchOptions

    func run() async throws {
        // Every change of both watch phases stays in the history and in the watch buffer, so a
        // slow client drains a backlog instead of losing its watch.
        let retained = 2 * options.updates + 10_000
        let store = try ObjectStore(configuration: ObjectStore.Configuration(
            historyCapacity: retained, watchBufferSize: retained))
        let fixture = JobFixture(namespaces: options.namespaces)
        let seeded = Sample.now()
        try seed(store, fixture: fixture)
        let seedSeconds = seeded.until(.now()).wall
        var logger = Logger(label: "kubesim-bench")
        logger.logLevel = .critical
        let server = KubeSimServer(
            store: store, configuration: KubeSimServer.Configuration(host: "127.0.0.1", port: 0), logger: logger)
        let commands = CommandLoop(store: store, fixture: fixture, jobs: options.jobs)
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

/// Reads commands on its own thread (never on the cooperative pool the server uses).
struct CommandLoop: Sendable {
    var store: ObjectStore
    var fixture: JobFixture
    var jobs: Int

    func run() {
        var round = 0
        while let line = readLine() {
            let words = line.split(separator: " ")
            switch words.first {
            case "update":
                round += 1
                let count = words.dropFirst().first.flatMap { Int($0) } ?? 0
                SimulatorHost.reply(update(count, round: round))
            case "relist":
                store.compactHistory()
                store.stopAllWatches()
                SimulatorHost.reply("relisting")
            case "quit":
                exit(0)
            default:
                SimulatorHost.reply("error unknown command \(line)")
            }
        }
        exit(0)
    }

    /// `count` status patches, Job after Job, each a real change; encoding is not timed.
    private func update(_ count: Int, round: Int) -> String {
        let encoder = JSONEncoder()
        var bodies: [[UInt8]] = []
        bodies.reserveCapacity(count)
        for step in 0..<count {
            let index = step % jobs
            let status: JSONValue = ["status": fixture.status(index, revision: round * 1_000 + step / jobs)]
            guard let body = try? encoder.encode(status) else { return "error cannot encode a status patch" }
            bodies.append(Array(body))
        }
        let start = Sample.now()
        for (step, body) in bodies.enumerated() {
            let index = step % jobs
            do {
                _ = try store.patch(
                    .jobs, namespace: fixture.namespace(of: index), name: fixture.name(of: index),
                    type: .merge, body: body, subresource: .status)
            } catch {
                return "error patch \(fixture.name(of: index)): \(error)"
            }
        }
        let (wall, cpu) = start.until(.now())
        return "updated \(count) \(wall) \(cpu)"
    }
}
