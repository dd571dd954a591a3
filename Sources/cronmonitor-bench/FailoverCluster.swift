import CronMonitorAPI
import Foundation
import KubernetesClient
import KubernetesModel

/// `failover`'s view of the API (KubeSim over loopback HTTP, not through an operator): the
/// Lease's holder, monitors created and their status; and the replicas' `/readyz`.
struct FailoverCluster: Sendable {
    let client: KubernetesClient

    init(url: URL) throws {
        client = KubernetesClient(transport: try CurlTransport(configuration: Self.configuration(url)))
    }

    /// The Lease's `holderIdentity` (`nil`: no Lease, released, or the read failed).
    func leaseHolder() async -> String? {
        let lease = try? await client.get(
            CoordinationV1.Lease.self, name: FailoverFixture.leaseName, namespace: FailoverFixture.namespace)
        return lease?.spec.holderIdentity.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the Lease names this holder (an unknown identity never holds it).
    func isHeld(by identity: String?) async -> Bool {
        guard let identity else { return false }
        return await leaseHolder() == identity
    }

    func createMonitor(_ name: String) async throws {
        _ = try await client.create(FailoverFixture.monitor(name))
    }

    /// Whether the monitor has a status, i.e. a replica reconciled it and wrote.
    func hasStatus(_ name: String) async -> Bool {
        let monitor = try? await client.get(CronMonitor.self, name: name, namespace: FailoverFixture.namespace)
        return monitor?.status != nil
    }

    /// Whether a replica's `/readyz` answers 200 (its caches have synced).
    static func isReady(probePort: Int) async -> Bool {
        guard let url = URL(string: "http://127.0.0.1:\(probePort)"),
            let transport = try? CurlTransport(configuration: configuration(url))
        else { return false }
        let response = try? await transport.send(HTTPRequest(method: .get, path: "/readyz", timeout: .seconds(2)))
        return response?.status == 200
    }

    private static func configuration(_ url: URL) -> ClusterConfiguration {
        ClusterConfiguration(server: url, tls: TLSSettings(), credentials: StaticCredentials(), namespace: nil)
    }
}
