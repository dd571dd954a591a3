import CronMonitorAPI

extension OperatorMetrics {
    /// Brings a monitor's series up to its status (creating them on first sight).
    public func monitorStatus(namespace: String, name: String, status: CronMonitorStatus) {
        let key = MonitorKey(namespace: namespace, name: name)
        monitors.withLock { monitors in
            monitors[key, default: MonitorSeries()].update(status: status)
        }
    }

    /// Removes every series of a deleted monitor.
    public func monitorDeleted(namespace: String, name: String) {
        let key = MonitorKey(namespace: namespace, name: name)
        monitors.withLock { monitors in
            _ = monitors.removeValue(forKey: key)
        }
    }

    /// The per-monitor families of the text exposition, in pieces of about `pieceBytes` (the
    /// last may be shorter): each family once with its help and type, monitors in namespace and
    /// name order. None when no monitor has series. 10,000 monitors make about 25 MB of text: a
    /// scrape streams it piece by piece rather than holding it (and its copies) whole.
    func monitorFamilyPieces(pieceBytes: Int = 65_536) -> MonitorFamilyPieces {
        let monitors = self.monitors.withLock { $0 }
        return MonitorFamilyPieces(monitors: monitors, keys: monitors.keys.sorted(), pieceBytes: pieceBytes)
    }
}

/// The text exposition in pieces: the registry's series in one, then the monitors' families.
public struct ExpositionPieces: Sequence, IteratorProtocol {
    private var registryText: [UInt8]?
    private var monitors: MonitorFamilyPieces

    init(registryText: [UInt8], monitors: MonitorFamilyPieces) {
        self.registryText = registryText.isEmpty ? nil : registryText
        self.monitors = monitors
    }

    public mutating func next() -> [UInt8]? {
        if let text = registryText {
            registryText = nil
            return text
        }
        return monitors.next()
    }
}

/// The per-monitor families as pieces of text (see `OperatorMetrics.monitorFamilyPieces`).
struct MonitorFamilyPieces: Sequence, IteratorProtocol {
    let monitors: [MonitorKey: MonitorSeries]
    let keys: [MonitorKey]
    let pieceBytes: Int
    private var family = 0
    private var position = 0

    init(monitors: [MonitorKey: MonitorSeries], keys: [MonitorKey], pieceBytes: Int) {
        self.monitors = monitors
        self.keys = keys
        self.pieceBytes = Swift.max(1, pieceBytes)
    }

    /// The families in the order they are written.
    private static let families: [MetricName] = [
        MetricNames.runs, MetricNames.runDuration, MetricNames.lastSuccess, MetricNames.activeRuns,
        MetricNames.consecutiveFailures, MetricNames.healthy, MetricNames.health,
    ]

    mutating func next() -> [UInt8]? {
        var writer = ExpositionWriter(text: [])
        while family < Self.families.count, writer.text.count < pieceBytes {
            let metric = Self.families[family]
            if position == 0, let type = type(of: metric) {
                writer.family(metric, type: type)
            }
            while position < keys.count, writer.text.count < pieceBytes {
                let key = keys[position]
                if let series = monitors[key] {
                    write(metric, of: series, key, to: &writer)
                }
                position += 1
            }
            if position == keys.count {
                family += 1
                position = 0
            }
        }
        return writer.text.isEmpty ? nil : writer.text
    }

    /// The family's type, nil when it has no sample (no monitor, or none that succeeded yet).
    private func type(of metric: MetricName) -> String? {
        switch metric {
        case _ where keys.isEmpty: nil
        case MetricNames.runs: "counter"
        case MetricNames.runDuration: "histogram"
        case MetricNames.lastSuccess: monitors.values.contains { $0.lastSuccess != nil } ? "gauge" : nil
        default: "gauge"
        }
    }

    private func write(_ metric: MetricName, of series: MonitorSeries, _ key: MonitorKey, to writer: inout ExpositionWriter) {
        switch metric {
        case MetricNames.runs:
            for (index, result) in MonitorSeries.countedResults.enumerated() {
                writer.sample(metric.name, key, [("result", result)], integer: series.runs[index])
            }
        case MetricNames.runDuration:
            var cumulative: Int64 = 0
            for (index, bound) in MetricNames.runDurationBuckets.enumerated() {
                cumulative += Int64(series.durationCounts[index])
                writer.sample(metric.name + "_bucket", key, [("le", "\(bound)")], integer: cumulative)
            }
            writer.sample(metric.name + "_bucket", key, [("le", "+Inf")], integer: series.durationCount)
            writer.sample(metric.name + "_sum", key, [], value: series.durationSum)
            writer.sample(metric.name + "_count", key, [], integer: series.durationCount)
        case MetricNames.lastSuccess:
            if let seconds = series.lastSuccess {
                writer.sample(metric.name, key, [], value: Double(seconds))
            }
        case MetricNames.activeRuns:
            writer.sample(metric.name, key, [], value: Double(series.activeRuns))
        case MetricNames.consecutiveFailures:
            writer.sample(metric.name, key, [], value: Double(series.consecutiveFailures))
        case MetricNames.healthy:
            writer.sample(metric.name, key, [], value: series.healthy ? 1 : 0)
        default:
            writer.sample(metric.name, key, [("status", series.health.status), ("reason", series.health.reason)], value: 1)
        }
    }
}

/// Writes lines of the Prometheus text format (0.0.4) into a byte buffer.
struct ExpositionWriter {
    var text: [UInt8]

    mutating func family(_ metric: MetricName, type: String) {
        append("# HELP \(metric.name) ")
        escaped(metric.help, quotes: false)
        append("\n# TYPE \(metric.name) \(type)\n")
    }

    mutating func sample(_ name: String, _ key: MonitorKey, _ labels: [(String, String)], integer: Int64) {
        series(name, key, labels)
        append(String(integer))
        text.append(UInt8(ascii: "\n"))
    }

    mutating func sample(_ name: String, _ key: MonitorKey, _ labels: [(String, String)], value: Double) {
        series(name, key, labels)
        append(value.description)
        text.append(UInt8(ascii: "\n"))
    }

    private mutating func series(_ name: String, _ key: MonitorKey, _ labels: [(String, String)]) {
        append(name)
        append("{namespace=\"")
        escaped(key.namespace)
        append("\",monitor=\"")
        escaped(key.name)
        for (label, value) in labels {
            append("\",\(label)=\"")
            escaped(value)
        }
        append("\"} ")
    }

    /// Backslash and line feed escaped, and double quote too in a label value (a help text
    /// keeps its quotes).
    private mutating func escaped(_ value: String, quotes: Bool = true) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\"") where quotes: append("\\\"")
            case UInt8(ascii: "\n"): append("\\n")
            default: text.append(byte)
            }
        }
    }

    private mutating func append(_ string: String) {
        text.append(contentsOf: string.utf8)
    }
}
