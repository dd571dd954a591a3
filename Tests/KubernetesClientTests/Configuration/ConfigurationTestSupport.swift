import Foundation
import Synchronization
@testable import KubernetesClient

/// A fresh directory under the system temp dir, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("kubeconfig-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `contents` to `name` (subdirectories created) and returns the absolute path.
    @discardableResult
    func write(_ name: String, _ contents: String, executable: Bool = false) throws -> String {
        let file = "\(path)/\(name)"
        let parent = URL(fileURLWithPath: file).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: file))
        if executable {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file)
        }
        return file
    }

    func read(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(path)/\(name)")), as: UTF8.self)
    }
}

/// A `now` the test moves by hand.
final class ManualNow: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_900_000_000)) {
        current = Mutex(start)
    }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var function: @Sendable () -> Date {
        { self.current.withLock { $0 } }
    }
}

func base64(_ text: String) -> String {
    Data(text.utf8).base64EncodedString()
}

let testEnvironment = ["PATH": "/usr/bin:/bin"]

/// Loads `kubeconfigPath` as `--kubeconfig` with a fixed clock.
func loadKubeconfig(
    _ path: String, context: String? = nil, environment: [String: String] = testEnvironment, now: ManualNow = ManualNow()
) throws(ClusterConfigurationError) -> ClusterConfiguration {
    try ClusterConfiguration.load(
        kubeconfigPath: path, context: context, environment: environment, homeDirectory: nil, now: now.function
    )
}
