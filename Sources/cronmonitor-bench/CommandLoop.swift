import Foundation
import KubeSim
import KubernetesModel

/// Reads commands on its own thread (never on the cooperative pool the server uses).
struct CommandLoop: Sendable {
    var store: ObjectStore
    var fixture: JobFixture
    var jobs: Int
    /// The fleet's seeder (`serve-fleet` only).
    var fleet: FleetSeeder?

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
            case "burst":
                let numbers = words.dropFirst().compactMap { Int($0) }
                guard let fleet, numbers.count == 2 else {
                    SimulatorHost.reply("error burst needs a fleet and <count> <epoch second>")
                    continue
                }
                SimulatorHost.reply(fleet.burst(count: numbers[0], now: Int64(numbers[1])))
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
