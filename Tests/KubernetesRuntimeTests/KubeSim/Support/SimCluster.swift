import Foundation
import KubeSim
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import Logging

/// An in-process KubeSim on a free loopback port (plain HTTP) for the duration of a test, with
/// clients that reach it over real HTTP through libcurl.
struct SimCluster: Sendable {
    static let token = "runtime-test-token"

    let store: ObjectStore
    let faults: FaultInjector
    let url: URL

    static func run<Result: Sendable>(
        store: ObjectStore? = nil,
        _ body: (SimCluster) async throws -> Result
    ) async throws -> Result {
        let store = try store ?? ObjectStore()
        let faults = FaultInjector(store: store)
        var logger = Logger(label: "kubesim-runtime-test")
        logger.logLevel = .critical
        let server = KubeSimServer(
            store: store, configuration: KubeSimServer.Configuration(token: token), faults: faults, logger: logger)
        return try await server.withRunning { url in
            try await body(SimCluster(store: store, faults: faults, url: url))
        }
    }

    /// A libcurl transport to the simulator with the accepted bearer token.
    func curlTransport() throws -> CurlTransport {
        try CurlTransport(configuration: ClusterConfiguration(
            server: url, tls: TLSSettings(), credentials: StaticCredentials(Credentials(bearerToken: Self.token)),
            namespace: nil))
    }

    /// A recording transport over libcurl; `now` stamps each request (e.g. a test clock).
    func recordingTransport(
        log: RequestLog = RequestLog(), label: String = "", now: @escaping @Sendable () -> Duration = { .zero }
    ) throws -> RecordingTransport<CurlTransport> {
        RecordingTransport(base: try curlTransport(), log: log, label: label, now: now)
    }

    /// Creates `count` Jobs named `prefix-0` … in `namespace`, straight in the store.
    func createJobs(_ count: Int, prefix: String = "job", namespace: String = "default") throws {
        for index in 0..<count {
            _ = try store.create(.jobs, namespace: namespace, object: Self.job("\(prefix)-\(index)"))
        }
    }

    /// Sets label `step` of a Job (a change every watcher must see).
    func relabel(_ name: String, step: String, namespace: String = "default") throws {
        let patch = Array(#"{"metadata":{"labels":{"step":"\#(step)"}}}"#.utf8)
        _ = try store.patch(.jobs, namespace: namespace, name: name, type: .merge, body: patch)
    }

    func deleteJob(_ name: String, namespace: String = "default") throws {
        _ = try store.delete(.jobs, namespace: namespace, name: name)
    }

    /// The Jobs the server has, as the cache should hold them.
    func jobProjections(namespace: String = "default") throws -> Set<SimJob> {
        let page = try store.list(.jobs, namespace: namespace)
        return Set(try page.items.map { SimJob(json: try JSONDecoder().decode(JSONValue.self, from: Data($0))) })
    }

    static func job(_ name: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data("""
            {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"\(name)","labels":{"step":"0"}},
             "spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox"}],"restartPolicy":"Never"}}}}
            """.utf8))
    }
}

/// What the runtime tests cache of a Job: its key and its `step` label.
struct SimJob: CacheProjection, Hashable {
    var key: ObjectKey
    var step: String?

    init(json: JSONValue) {
        key = ObjectKey(
            namespace: json["metadata"]?["namespace"]?.stringValue ?? "",
            name: json["metadata"]?["name"]?.stringValue ?? "")
        step = json["metadata"]?["labels"]?["step"]?.stringValue
    }
}
