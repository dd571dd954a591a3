import Foundation

/// The samples of a Prometheus text exposition, keyed by `name{label="value",…}` with labels sorted.
struct Exposition {
    var samples: [String: Double] = [:]
    var types: [String: String] = [:]

    init(_ text: String) {
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count == 4 { types[String(parts[2])] = String(parts[3]) }
                continue
            }
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "),
                let value = Double(line[line.index(after: space)...])
            else { continue }
            samples[Self.key(String(line[..<space]))] = value
        }
    }

    /// The sample for `name` with `labels`, nil when absent.
    subscript(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples[Self.render(name, labels)]
    }

    /// Whether any sample's key contains `fragment`.
    func contains(_ fragment: String) -> Bool {
        samples.keys.contains { $0.contains(fragment) }
    }

    static func render(_ name: String, _ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return name }
        return name + "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",") + "}"
    }

    /// Normalizes `name{b="2",a="1"}` to sorted label order.
    static func key(_ series: String) -> String {
        guard let open = series.firstIndex(of: "{"), series.hasSuffix("}") else { return series }
        let name = String(series[..<open])
        let body = series[series.index(after: open)..<series.index(before: series.endIndex)]
        var labels: [String: String] = [:]
        for pair in body.split(separator: ",") {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            labels[String(pair[..<equals])] = String(pair[pair.index(after: equals)...]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return render(name, labels)
    }
}
