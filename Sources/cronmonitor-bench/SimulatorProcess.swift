import Foundation
import Synchronization

/// The parent side: starts this executable again as `serve-sim` and talks to it by lines.
final class SimulatorProcess: Sendable {
    let url: URL
    /// Seconds the child took to put the Jobs into its store.
    let seedSeconds: Double
    let processID: Int32
    private let commands: FileHandle
    private let answers: LineReader

    private init(url: URL, seedSeconds: Double, processID: Int32, commands: FileHandle, answers: LineReader) {
        self.url = url
        self.seedSeconds = seedSeconds
        self.processID = processID
        self.commands = commands
        self.answers = answers
    }

    static func launch(_ options: BenchOptions) async throws -> SimulatorProcess {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = options.simulatorArguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let answers = LineReader(descriptor: output.fileHandleForReading.fileDescriptor)
        let ready = try await answers.nextLine()
        let words = ready.split(separator: " ")
        guard words.count == 3, words[0] == "ready", let url = URL(string: String(words[1])),
            let seconds = Double(words[2])
        else {
            process.terminate()
            throw BenchError.simulator("unexpected first line \(ready)")
        }
        return SimulatorProcess(
            url: url, seedSeconds: seconds, processID: process.processIdentifier,
            commands: input.fileHandleForWriting, answers: answers)
    }

    /// Sends one command line without waiting for its answer.
    func send(_ command: String) {
        commands.write(Data((command + "\n").utf8))
    }

    /// The next answer line; an `error …` answer throws.
    func answer() async throws -> String {
        let line = try await answers.nextLine()
        if line.hasPrefix("error") { throw BenchError.simulator(line) }
        return line
    }

    /// `update <count>`, answered with the child's wall and CPU seconds for the patches.
    func parseUpdated(_ line: String) throws(BenchError) -> (wall: Double, cpu: Double) {
        let words = line.split(separator: " ")
        guard words.count == 4, words[0] == "updated", let wall = Double(words[2]), let cpu = Double(words[3]) else {
            throw .simulator("unexpected answer \(line)")
        }
        return (wall, cpu)
    }

    /// Ends the child (closing its stdin ends it too).
    func stop() {
        send("quit")
        try? commands.close()
    }
}
