import Foundation
import FuzzSupport
@testable import KubernetesClient

/// Input: the bytes of a kubeconfig file. Decoding either succeeds or throws a
/// `ClusterConfigurationError` with a message; resolving (which reads files and environment) is
/// left out.
@main
enum FuzzKubeconfig {
    static func main() {
        FuzzDriver.run { data, size in
            FuzzKubeconfig.check(FuzzDriver.bytes(data, size))
            return 0
        }
    }

    static func check(_ input: [UInt8]) {
        do {
            let config = try Kubeconfig.decode(Data(input), file: "/fuzz/kubeconfig")
            _ = String(describing: config)
        } catch {
            fuzzCheck(!error.description.isEmpty, "an error without a message")
        }
    }
}
