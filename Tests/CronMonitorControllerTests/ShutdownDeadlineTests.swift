import CronMonitorOperator
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// A graceful shutdown that hangs (a service ignoring it, a request that never returns) is ended
/// by the deadline; a prompt one never reaches it.
@Suite(.timeLimit(.minutes(5))) struct ShutdownDeadlineTests {
    /// A service that ignores graceful shutdown and stops only when cancelled.
    struct Stubborn: Service {
        func run() async throws {
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(10)) }
        }
    }

    /// A service that stops at once on graceful shutdown.
    struct Prompt: Service {
        func run() async throws {
            try await gracefulShutdown()
        }
    }

    final class Counter: Sendable {
        private let count = Mutex(0)
        func increment() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    static func group(_ service: some Service, deadline: ShutdownDeadline<ContinuousClock>) -> ServiceGroup {
        var logger = Logger(label: "shutdown-deadline-test")
        logger.logLevel = .critical
        return ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: service),
                    .init(service: deadline, successTerminationBehavior: .ignore),
                ],
                logger: logger))
    }

    @Test func aShutdownThatHangsIsEndedByTheDeadline() async throws {
        let (expired, expire) = AsyncStream.makeStream(of: Void.self)
        let deadline = ShutdownDeadline(
            limit: .milliseconds(200), clock: ContinuousClock(), logger: Logger(label: "test")) { expire.yield() }
        let group = Self.group(Stubborn(), deadline: deadline)
        let running = Task { try await group.run() }
        await group.triggerGracefulShutdown()
        var fired = false
        for await _ in expired {
            fired = true
            break
        }
        #expect(fired)
        running.cancel()  // what the process exit does in the executable
        _ = await running.result
    }

    @Test func aPromptShutdownEndsBeforeTheDeadline() async throws {
        let expiries = Counter()
        let deadline = ShutdownDeadline(
            limit: .seconds(30), clock: ContinuousClock(), logger: Logger(label: "test")) { expiries.increment() }
        let group = Self.group(Prompt(), deadline: deadline)
        let running = Task { try await group.run() }
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(expiries.value == 0)
    }
}
