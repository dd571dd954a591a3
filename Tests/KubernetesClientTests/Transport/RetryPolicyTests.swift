import Foundation
import KubernetesClient
import Testing

@Suite("Retry-After and retry policy")
struct RetryPolicyTests {
    /// 2015-10-21T07:27:58Z
    static let now = Date(timeIntervalSince1970: 1_445_412_478)

    @Test(arguments: [
        ("1", Duration?.some(.seconds(1))),
        ("0", .some(.zero)),
        (" 120 ", .some(.seconds(120))),
        ("Wed, 21 Oct 2015 07:28:00 GMT", .some(.seconds(2))),
        ("Wednesday, 21-Oct-15 07:28:00 GMT", .some(.seconds(2))),
        ("Wed Oct 21 07:28:00 2015", .some(.seconds(2))),
        ("Wed, 21 Oct 2015 07:00:00 GMT", .some(.zero)),
        ("-1", nil),
        ("1.5", nil),
        ("soon", nil),
        ("", nil),
    ])
    func retryAfterParsing(value: String, expected: Duration?) {
        #expect(RetryAfter.delay(from: value, now: Self.now) == expected)
    }

    @Test func retryAfterDateIsRoundedUpNeverEarlier() {
        let now = Date(timeIntervalSince1970: 1_445_412_478.25)  // 07:27:58.25
        #expect(RetryAfter.delay(from: "Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(2))
    }

    @Test(arguments: [
        (429, RetryPolicy.Decision.retry(after: .milliseconds(200))),
        (500, .retry(after: .milliseconds(200))),
        (502, .retry(after: .milliseconds(200))),
        (503, .retry(after: .milliseconds(200))),
        (504, .retry(after: .milliseconds(200))),
        (501, .giveUp),
        (505, .giveUp),
        (200, .giveUp),
        (404, .giveUp),
        (409, .giveUp),
        (401, .giveUp),
    ])
    func statusDecisions(status: Int, expected: RetryPolicy.Decision) {
        let policy = RetryPolicy()
        #expect(policy.decision(status: status, headers: [:], retriesSoFar: 0, now: Self.now) == expected)
    }

    @Test func retryAfterWinsOverBackoff() {
        let policy = RetryPolicy()
        let decision = policy.decision(status: 503, headers: ["retry-after": "7"], retriesSoFar: 3, now: Self.now)
        #expect(decision == .retry(after: .seconds(7)))
    }

    @Test func retryAfterBeyondTheCapIsNotRetriedEarly() {
        let policy = RetryPolicy(maxRetryAfter: .seconds(60))
        let decision = policy.decision(status: 429, headers: ["retry-after": "3600"], retriesSoFar: 0, now: Self.now)
        #expect(decision == .giveUp)
    }

    @Test func retriesAreBounded() {
        let policy = RetryPolicy(maxRetries: 2)
        #expect(policy.decision(status: 503, headers: [:], retriesSoFar: 1, now: Self.now) != .giveUp)
        #expect(policy.decision(status: 503, headers: [:], retriesSoFar: 2, now: Self.now) == .giveUp)
    }

    @Test(arguments: [
        (0, Duration.milliseconds(200)),
        (1, .milliseconds(400)),
        (2, .milliseconds(800)),
        (7, .milliseconds(25_600)),
        (8, .seconds(30)),
        (60, .seconds(30)),
    ])
    func exponentialBackoffIsCapped(retries: Int, expected: Duration) {
        #expect(RetryPolicy().backoff(retriesSoFar: retries) == expected)
    }

    @Test(arguments: [
        (HTTPMethod.get, TransportError.Kind.connect, true),
        (.put, .connect, true),
        (.delete, .connect, true),
        (.post, .connect, false),
        (.patch, .connect, false),
        (.get, .timeout, false),
        (.get, .tls, false),
        (.get, .bodyTruncated, false),
        (.get, .cancelled, false),
    ])
    func transportErrorDecisions(method: HTTPMethod, kind: TransportError.Kind, retried: Bool) {
        let decision = RetryPolicy().decision(error: TransportError(kind, "x"), method: method, retriesSoFar: 0)
        #expect((decision != .giveUp) == retried)
    }
}
