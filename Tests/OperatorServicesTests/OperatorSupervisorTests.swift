import CronMonitorController
import Logging
import Synchronization
import Testing

@testable import OperatorServices

@Suite(.timeLimit(.minutes(5))) struct OperatorSupervisorTests {
    let logger = Logger(label: "test")

    /// Runs until cancelled, then records `name`.
    static func runUntilCancelled(_ name: String, into log: Recorder<String>) async throws {
        do {
            try await Task.sleep(for: .seconds(86_400))
        } catch {
            log.append("\(name) stopped")
            throw error
        }
    }

    @Test func aSignalStopsTheOperatorFirstThenTheServers() async {
        let log = Recorder<String>()
        let (signals, sender) = AsyncStream.makeStream(of: String.self)
        sender.yield("SIGTERM")
        let termination = await OperatorSupervisor.run(
            operator: { try await Self.runUntilCancelled("operator", into: log) },
            servers: { try await Self.runUntilCancelled("servers", into: log) },
            waitForSignal: { for await name in signals { return name }; return nil },
            logger: logger)
        #expect(termination == .signalled("SIGTERM"))
        #expect(termination.exitCode == 0)
        #expect(log.all == ["operator stopped", "servers stopped"])
    }

    @Test func leadershipLostExitsWithOneAndStopsTheServers() async {
        let log = Recorder<String>()
        let termination = await OperatorSupervisor.run(
            operator: { throw OperatorError.leadershipLost },
            servers: { try await Self.runUntilCancelled("servers", into: log) },
            waitForSignal: { for await name in AsyncStream<String>.makeStream().stream { return name }; return nil },
            logger: logger)
        #expect(termination == .leadershipLost)
        #expect(termination.exitCode == 1)
        #expect(log.all == ["servers stopped"])
    }

    @Test func aFailingServerStopsTheOperator() async {
        struct BindFailed: Error {}
        let log = Recorder<String>()
        let termination = await OperatorSupervisor.run(
            operator: { try await Self.runUntilCancelled("operator", into: log) },
            servers: { throw BindFailed() },
            waitForSignal: { for await name in AsyncStream<String>.makeStream().stream { return name }; return nil },
            logger: logger)
        guard case .failed = termination else {
            Issue.record("expected .failed, got \(termination)")
            return
        }
        #expect(termination.exitCode == 1)
        #expect(log.all == ["operator stopped"])
    }

    @Test func serversThatAreDisabledDoNotStopTheOperator() async {
        let (signals, sender) = AsyncStream.makeStream(of: String.self)
        let log = Recorder<String>()
        let termination = await OperatorSupervisor.run(
            operator: {
                sender.yield("SIGINT")
                try await Self.runUntilCancelled("operator", into: log)
            },
            servers: {},
            waitForSignal: { for await name in signals { return name }; return nil },
            logger: logger)
        #expect(termination == .signalled("SIGINT"))
        #expect(log.all == ["operator stopped"])
    }
}
