import Foundation
import KubeSim
import KubernetesModel
import Logging

/// Starts an in-process KubeSim on a free loopback port for the duration of a test.
enum Harness {
    static let token = "test-token"

    static func withServer<Result: Sendable>(
        store: ObjectStore? = nil, token: String? = Harness.token, bookmarkInterval: Duration = .seconds(60),
        tls: TLSMaterial? = nil, faults: FaultInjector? = nil, clock: any Clock<Duration> = ContinuousClock(),
        _ body: (ObjectStore, TestHTTPClient, URL) async throws -> Result
    ) async throws -> Result {
        let store = try store ?? ObjectStore()
        var logger = Logger(label: "kubesim-test")
        logger.logLevel = .critical
        let server = KubeSimServer(
            store: store,
            configuration: KubeSimServer.Configuration(token: token, bookmarkInterval: bookmarkInterval, tls: tls),
            faults: faults, clock: clock, logger: logger)
        return try await server.withRunning { url in
            try await body(store, TestHTTPClient(baseURL: url, token: token), url)
        }
    }

    static func job(_ name: String, labels: [String: String] = [:], owner: (name: String, uid: String)? = nil) throws -> JSONValue {
        let labelText = labels.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
        let ownerText = owner.map {
            ",\"ownerReferences\":[{\"apiVersion\":\"batch/v1\",\"kind\":\"CronJob\",\"name\":\"\($0.name)\",\"uid\":\"\($0.uid)\",\"controller\":true}]"
        } ?? ""
        return try json("""
            {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"\(name)","labels":{\(labelText)}\(ownerText)},
             "spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox"}],"restartPolicy":"Never"}}}}
            """)
    }
}
