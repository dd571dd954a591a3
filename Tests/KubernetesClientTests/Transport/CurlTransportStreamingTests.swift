import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesTestSupport
import Synchronization
import Testing

@Suite("CurlTransport streaming over loopback HTTP", .timeLimit(.minutes(5)))
struct CurlTransportStreamingTests {
    /// Several watch-event lines with multi-byte UTF-8 (2, 3 and 4 bytes per character).
    static let payload = Array(
        """
        {"type":"ADDED","object":{"metadata":{"name":"café"}}}
        {"type":"MODIFIED","object":{"metadata":{"name":"日本語"}}}
        {"type":"DELETED","object":{"metadata":{"name":"🕐-job"}}}

        """.utf8)

    static let watch = HTTPRequest(method: .get, path: "/apis/batch/v1/jobs?watch=1", isStreaming: true)

    @Test func bytesArriveCompleteAndInOrderForEverySplitPoint() async throws {
        let server = try await LoopbackServer.start { request, responder in
            let split = Int(request.queryItem("at") ?? "") ?? 0
            try await responder.startStream(headers: [("content-type", "application/json")])
            for part in [Self.payload[..<split], Self.payload[split...]] where !part.isEmpty {
                try await responder.send(Array(part))
            }
            try await responder.finish()
        }
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server)
        var mismatches: [Int] = []
        for split in 0...Self.payload.count {
            let response = try await transport.stream(
                HTTPRequest(method: .get, path: "/watch?at=\(split)", isStreaming: true))
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            if try await collect(response.body) != Self.payload { mismatches.append(split) }
        }
        #expect(mismatches.isEmpty)
        #expect(server.requests.count == Self.payload.count + 1)
    }

    struct Event: Decodable, Equatable {
        struct Object: Decodable, Equatable {
            var name: String
        }

        var type: String
        var object: Object
    }

    @Test func severalEventsPerChunkEndToEnd() async throws {
        let lines = (0..<6).map { #"{"type":"ADDED","object":{"name":"job-\#($0)-ñ"}}"# + "\n" }
        let server = try await LoopbackServer.start { _, responder in
            try await responder.startStream()
            try await responder.send(Array((lines[0] + lines[1] + lines[2]).utf8))
            try await responder.send(Array((lines[3] + lines[4] + lines[5]).utf8))
            try await responder.finish()
        }
        defer { Task { await server.shutdown() } }
        let response = try await makeTransport(server).stream(Self.watch)
        let bytes = try await collect(response.body)
        let events = try bytes.split(separator: UInt8(ascii: "\n")).map {
            try JSONDecoder().decode(Event.self, from: Data($0))
        }
        #expect(events == (0..<6).map { Event(type: "ADDED", object: .init(name: "job-\($0)-ñ")) })
    }

    @Test func aLaggingConsumerGetsEveryByteThroughPausedTransfers() async throws {
        let chunk = (0..<16_384).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let server = try await LoopbackServer.start { _, responder in
            try await responder.startStream()
            for index in 0..<64 { try await responder.send(chunk.map { $0 &+ UInt8(index) }) }
            try await responder.finish()
        }
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server, options: CurlTransportOptions(streamBufferLimit: 1))
        let response = try await transport.stream(Self.watch)
        var received: [UInt8] = []
        for try await piece in response.body {
            received += piece
            await Task.yield()
        }
        let expected = (0..<64).flatMap { index in chunk.map { $0 &+ UInt8(index) } }
        #expect(received.count == expected.count)
        #expect(received == expected)
    }

    @Test func streamReturnsOnHeadersBeforeAnyBody() async throws {
        let release = Signal()
        let server = try await LoopbackServer.start { _, responder in
            try await responder.startStream(status: 200, headers: [("x-watch", "1")])
            await release.wait()
            try await responder.send(Array("late\n".utf8))
            try await responder.finish()
        }
        defer { Task { await server.shutdown() } }
        let response = try await makeTransport(server).stream(Self.watch)
        #expect(response.headers["x-watch"] == "1")
        release.raise()
        #expect(try await collect(response.body) == Array("late\n".utf8))
    }

    @Test func cancellingTheConsumerEndsTheTransfer() async throws {
        let firstChunkSent = Signal()
        let closed = Signal()
        let server = try await LoopbackServer.start { _, responder in
            try await responder.startStream()
            try await responder.send(Array("first\n".utf8))
            firstChunkSent.raise()
            await responder.waitForClose()
            closed.raise()
        }
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server)
        let gotFirst = Signal()
        let consumer = Task {
            let response = try await transport.stream(Self.watch)
            var iterator = response.body.makeAsyncIterator()
            _ = try await iterator.next()
            gotFirst.raise()
            while try await iterator.next() != nil {}
        }
        await firstChunkSent.wait()
        await gotFirst.wait()
        consumer.cancel()
        let result = await consumer.result
        #expect {
            try result.get()
        } throws: { error in
            (error as? TransportError)?.kind == .cancelled
        }
        await closed.wait()
        #expect(server.closedConnections >= 1)
    }

    @Test func droppingTheStreamEndsTheTransfer() async throws {
        let closed = Signal()
        let server = try await LoopbackServer.start { _, responder in
            try await responder.startStream()
            try await responder.send(Array("first\n".utf8))
            await responder.waitForClose()
            closed.raise()
        }
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server)
        do {
            let response = try await transport.stream(Self.watch)
            var iterator = response.body.makeAsyncIterator()
            #expect(try await iterator.next() == Array("first\n".utf8))
        }
        await closed.wait()
        #expect(server.closedConnections >= 1)
    }

    @Test func aStreamThatBreaksOffThrowsBodyTruncated() async throws {
        let server = try await LoopbackServer.start { _, responder in
            try await responder.startStream()
            try await responder.send(Array("partial".utf8))
            await responder.abort()
        }
        defer { Task { await server.shutdown() } }
        let response = try await makeTransport(server).stream(Self.watch)
        await #expect {
            _ = try await collect(response.body)
        } throws: { error in
            (error as? TransportError)?.kind == .bodyTruncated
        }
    }

    @Test func unauthorizedStreamRetriesOnceWithFreshCredentials() async throws {
        let server = try await LoopbackServer.start { request, responder in
            guard request.header("authorization") == "Bearer fresh" else {
                try await responder.respond(status: 401)
                return
            }
            try await responder.startStream()
            try await responder.send(Array("ok\n".utf8))
            try await responder.finish()
        }
        defer { Task { await server.shutdown() } }
        let credentials = RotatingCredentials(tokens: ["stale", "fresh"])
        let response = try await makeTransport(server, credentials: credentials).stream(Self.watch)
        #expect(response.status == 200)
        #expect(try await collect(response.body) == Array("ok\n".utf8))
        #expect(credentials.invalidations == 1)
    }
}

/// A watch that goes silent (a half-open connection, a stuck proxy) fails instead of hanging.
@Suite struct CurlTransportIdleStreamTests {
    @Test func aSilentStreamFailsAsATimeoutAfterItsIdleTimeout() async throws {
        let server = try await LoopbackServer.start { _, responder in
            try await responder.startStream()
            try await responder.send(Array(#"{"type":"BOOKMARK"}"#.utf8) + [10])
            await responder.waitForClose()  // then nothing, ever
        }
        defer { Task { await server.shutdown() } }
        let transport = try makeTransport(server)
        let received = Mutex<[UInt8]>([])
        // Silence fails the transfer whether it comes before the headers (a loaded machine) or
        // after the first line.
        await #expect {
            let response = try await transport.stream(
                HTTPRequest(method: .get, path: "/watch", isStreaming: true, idleTimeout: .seconds(2)))
            for try await chunk in response.body { received.withLock { $0 += chunk } }
        } throws: { error in
            (error as? TransportError)?.kind == .timeout
        }
        let bytes = received.withLock { $0 }
        #expect(bytes.isEmpty || bytes == Array(#"{"type":"BOOKMARK"}"#.utf8) + [10], "what did arrive was delivered intact")
    }

    @Test func watchRequestsCarryTheServerTimeoutPlusAMarginAsIdleTimeout() throws {
        let request = try APIRequest.watch(
            ResourceDescriptor(group: "batch", version: "v1", kind: "Job", plural: "jobs", isNamespaced: true),
            namespace: "ops", options: WatchOptions(resourceVersion: "5", timeoutSeconds: 290))
        #expect(request.idleTimeout == .seconds(320))
        #expect(request.isStreaming)
    }
}
