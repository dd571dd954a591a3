import Foundation
import Testing

/// Runs `Tests/oracles/croniter_oracle.py` once for a whole batch of cases.
struct CroniterOracle {
    struct Case: Codable {
        var id: Int
        var expression: String
        var zone: String
        var start: Int64
        var count: Int
        var day_or: Bool
    }

    struct Result: Codable {
        var id: Int
        var times: [Int64]?
        var error: String?
    }

    struct Response: Codable {
        var croniter: String
        var results: [Result]
    }

    struct Request: Codable {
        var cases: [Case]
    }

    enum Failure: Error, CustomStringConvertible {
        case noPython(String)
        case oracleFailed(status: Int32, stderr: String)

        var description: String {
            switch self {
            case .noPython(let detail):
                "no Python with croniter for the differential test (\(detail)); run `make test`, which creates "
                    + "<repo>/.venv with croniter==6.0.0 and sets CRONMONITOR_PYTHON"
            case .oracleFailed(let status, let stderr):
                "croniter oracle exited with status \(status) (run `make test` to install croniter==6.0.0 into "
                    + "<repo>/.venv): \(stderr)"
            }
        }
    }

    /// Repository root, derived from this file's path (Tests/CronScheduleTests/<file>).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `CRONMONITOR_PYTHON`, else `<repo>/.venv/bin/python`.
    static func python() throws -> String {
        let manager = FileManager.default
        if let configured = ProcessInfo.processInfo.environment["CRONMONITOR_PYTHON"], !configured.isEmpty {
            guard manager.isExecutableFile(atPath: configured) else {
                throw Failure.noPython("CRONMONITOR_PYTHON=\(configured) is not executable")
            }
            return configured
        }
        let venv = repositoryRoot.appendingPathComponent(".venv/bin/python").path
        guard manager.isExecutableFile(atPath: venv) else {
            throw Failure.noPython("CRONMONITOR_PYTHON is unset and \(venv) does not exist")
        }
        return venv
    }

    static func run(_ cases: [Case]) throws -> Response {
        let python = try python()
        let script = repositoryRoot.appendingPathComponent("Tests/oracles/croniter_oracle.py").path
        let input = FileManager.default.temporaryDirectory
            .appendingPathComponent("croniter-cases-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).json")
        try JSONEncoder().encode(Request(cases: cases)).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script]
        process.standardInput = try FileHandle(forReadingFrom: input)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // The oracle reads all input before writing, and stderr is small: read stdout to the end first.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.oracleFailed(status: process.terminationStatus, stderr: errorText)
        }
        return try JSONDecoder().decode(Response.self, from: data)
    }
}
