import KubernetesRuntime
import Testing

@testable import OperatorServices

@Suite struct ListenAddressTests {
    @Test(arguments: [
        (":8080", ListenAddress.host("0.0.0.0", port: 8080)),
        ("127.0.0.1:0", .host("127.0.0.1", port: 0)),
        ("0.0.0.0:9090", .host("0.0.0.0", port: 9090)),
        ("[::1]:8081", .host("::1", port: 8081)),
        ("localhost:8081", .host("localhost", port: 8081)),
        ("0", .disabled),
    ])
    func parses(text: String, expected: ListenAddress) throws {
        #expect(try ListenAddress(parsing: text) == expected)
    }

    @Test(arguments: ["8080", "", ":", ":http", ":70000", "host:-1", "a b:80"])
    func rejects(text: String) {
        #expect(throws: ListenAddressError.self) { try ListenAddress(parsing: text) }
    }

    @Test func describesItself() throws {
        #expect(try ListenAddress(parsing: ":8080").description == "0.0.0.0:8080")
        #expect(try ListenAddress(parsing: "[::1]:1").description == "[::1]:1")
        #expect(ListenAddress.disabled.description == "0")
    }

    @Test func sameAddressSharesOneListener() {
        let server = ProbeServer(
            probeAddress: .host("0.0.0.0", port: 8080), metricsAddress: .host("0.0.0.0", port: 8080),
            readiness: { ReadinessReport(isReady: true) }, exposition: { "" }, logger: .init(label: "test"))
        #expect(server.listeners.count == 1)
        #expect(server.listeners.first?.roles == [.probes, .metrics])
        let disabled = ProbeServer(
            probeAddress: .disabled, metricsAddress: .host("127.0.0.1", port: 0),
            readiness: { ReadinessReport(isReady: true) }, exposition: { "" }, logger: .init(label: "test"))
        #expect(disabled.listeners.map(\.roles) == [[.metrics]])
    }
}
