import Foundation
import OperatorServices
import Testing

/// `OperatorVersion.current` is the one source of the version: the chart's `appVersion` and the
/// newest release in CHANGELOG.md must say the same, and the binary must print it.
@Suite struct OperatorVersionTests {
    /// The repository root, from this file's path (`Tests/OperatorServicesTests/<file>`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func read(_ relativePath: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
    }

    /// The value of a top-level `key:` line of a YAML file, without quotes.
    static func topLevelValue(_ key: String, in yaml: String) -> String? {
        for line in yaml.split(separator: "\n") where line.hasPrefix("\(key):") {
            let value = line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
            return value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
        return nil
    }

    /// The version of the first `## [x.y.z]` heading that is not `Unreleased`.
    static func newestRelease(in changelog: String) -> String? {
        for line in changelog.split(separator: "\n") where line.hasPrefix("## [") {
            guard let close = line.firstIndex(of: "]") else { continue }
            let name = String(line[line.index(line.startIndex, offsetBy: 4)..<close])
            if name != "Unreleased" { return name }
        }
        return nil
    }

    @Test func isASemanticVersion() {
        let parts = OperatorVersion.current.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 3, "\(OperatorVersion.current)")
        #expect(parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }, "\(OperatorVersion.current)")
    }

    @Test func equalsTheChartsAppVersion() throws {
        let chart = try Self.read("charts/cronmonitor-operator/Chart.yaml")
        #expect(Self.topLevelValue("appVersion", in: chart) == OperatorVersion.current)
    }

    @Test func equalsTheNewestReleaseInTheChangelog() throws {
        let changelog = try Self.read("CHANGELOG.md")
        #expect(changelog.contains("## [Unreleased]"))
        #expect(Self.newestRelease(in: changelog) == OperatorVersion.current)
    }

    @Test func theReadersFindWhatTheyLookFor() {
        #expect(Self.topLevelValue("appVersion", in: "name: x\n  appVersion: nested\nappVersion: \"9.8.7\"\n") == "9.8.7")
        #expect(Self.topLevelValue("appVersion", in: "version: 1.0.0\n") == nil)
        #expect(Self.newestRelease(in: "# Changelog\n## [Unreleased]\n## [2.0.0] - 2026-01-02\n## [1.0.0]\n") == "2.0.0")
        #expect(Self.newestRelease(in: "## [Unreleased]\n") == nil)
    }

    @Test(arguments: [["--version"], ["run", "--version"]])
    func theBinaryPrintsIt(arguments: [String]) throws {
        let outcome = try BinaryTests.run(arguments)
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        #expect(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == OperatorVersion.current)
    }
}
