import Foundation

/// File reads for configuration, with short reasons fit for error messages.
enum FileAccess {
    /// `path` made absolute against the directory of `configFile` when relative.
    static func resolve(_ path: String, relativeTo configFile: String) -> String {
        if path.hasPrefix("/") { return path }
        let directory = URL(fileURLWithPath: configFile).deletingLastPathComponent()
        return directory.appendingPathComponent(path).standardizedFileURL.path
    }

    static func read(_ path: String) -> Result<Data, ReadFailure> {
        do {
            return .success(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            return .failure(ReadFailure(reason: reason(path)))
        }
    }

    struct ReadFailure: Error {
        var reason: String
    }

    /// Why `path` cannot be read, as far as can be told after the fact.
    static func reason(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "no such file" }
        if isDirectory.boolValue { return "is a directory" }
        if !FileManager.default.isReadableFile(atPath: path) { return "permission denied" }
        return "read error"
    }

    static func exists(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
