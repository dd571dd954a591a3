import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import Testing

/// Watch faults: classified with a hint, logged rate-limited, and reported for `/readyz`.
@Suite struct WatchFaultTests {
    static let jobs = ResourceDescriptor(group: "batch", version: "v1", kind: "Job", plural: "jobs", isNamespaced: true)

    static func status(_ code: Int, _ reason: String) -> Status {
        Status(status: "Failure", message: "\(reason) for the test", reason: reason, code: code)
    }

    @Test(arguments: [
        (KubernetesError.unauthorized(status(401, "Unauthorized")), "401", "rejected the credentials"),
        (.forbidden(status(403, "Forbidden")), "403", "RBAC does not allow list batch/jobs in namespace demo: grant it in"),
        (.notFound(status(404, "NotFound")), "404", "does not serve jobs in batch/v1"),
        (.gone(status(410, "Expired")), "410", "relisting"),
        (.tooManyRequests(status(429, "TooManyRequests"), retryAfterSeconds: 1), "429", "throttling"),
        (.serverError(status(503, "ServiceUnavailable"), retryAfterSeconds: nil), "503", "failed to answer"),
        (.transport(TransportError(.connect, "connection refused")), "transport", "unreachable"),
    ])
    func failuresAreClassifiedWithAHint(error: KubernetesError, code: String, hint: String) {
        let fault = WatchTarget(resource: Self.jobs, namespace: "demo").fault(error, verb: .list)
        #expect(fault.code == code)
        #expect(fault.hint.contains(hint), "\(fault.hint)")
        #expect(fault.isRoutine == (code == "410"))
    }

    @Test func aMissingResourceGetsItsOwnHint() {
        let target = WatchTarget(resource: Self.jobs, namespace: nil, notFoundHint: "install it: kubectl apply -k x")
        let fault = target.fault(KubernetesError.notFound(Self.status(404, "NotFound")), verb: .watch)
        #expect(fault.hint == "install it: kubectl apply -k x")
        let forbidden = target.fault(KubernetesError.forbidden(Self.status(403, "Forbidden")), verb: .watch)
        #expect(forbidden.hint == "RBAC does not allow watch batch/jobs in all namespaces: grant it in the ClusterRole")
    }

    @Test func theFirstFailureIsLoggedThenAtMostOnePerInterval() {
        var log = WatchFaultLog<TestInstant>(interval: .seconds(60))
        #expect(log.failed(code: "403", now: .seconds(0)) == .log(suppressed: 0, failures: 1))
        #expect(log.failed(code: "403", now: .seconds(1)) == .suppress)
        #expect(log.failed(code: "403", now: .seconds(30)) == .suppress)
        #expect(log.failed(code: "403", now: .seconds(60)) == .log(suppressed: 2, failures: 4))
        #expect(log.failed(code: "403", now: .seconds(61)) == .suppress)
        #expect(log.failed(code: "404", now: .seconds(62)) == .log(suppressed: 1, failures: 6), "a new kind logs at once")
        #expect(log.succeeded(now: .seconds(90)) == .recovered(failures: 6, downtime: .seconds(90)))
        #expect(log.succeeded(now: .seconds(91)) == .quiet, "the recovery is logged once")
        #expect(log.failed(code: "503", now: .seconds(92)) == .log(suppressed: 0, failures: 1))
    }

    @Test func readinessSaysWhichCachesAreNotSyncedAndWhy() {
        let target = WatchTarget(resource: Self.jobs, namespace: "demo")
        let fault = target.fault(KubernetesError.forbidden(Self.status(403, "Forbidden")), verb: .list)
        let report = ReadinessReport(isReady: false, lines: [
            ReadinessReport.line(target: WatchTarget(resource: Self.jobs, namespace: nil), isSynced: true, lastFault: nil),
            ReadinessReport.line(target: target, isSynced: false, lastFault: fault),
            ReadinessReport.line(target: target, isSynced: false, lastFault: nil),
        ])
        #expect(report.lines[0] == "batch/jobs in all namespaces: synced")
        #expect(report.lines[1].hasPrefix("batch/jobs in namespace demo: not synced: 403: RBAC does not allow list"))
        #expect(report.lines[2] == "batch/jobs in namespace demo: not synced: waiting for the first list")
        #expect(report.body.hasPrefix("not ready\nbatch/jobs in all namespaces: synced\n"))
        #expect(ReadinessReport(isReady: true, lines: ["x: synced"]).body == "ok\nx: synced\n")
    }
}
