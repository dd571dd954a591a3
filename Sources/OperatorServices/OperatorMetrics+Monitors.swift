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

    /// Appends the per-monitor families to a text exposition, each family once with its help and
    /// type, monitors in namespace and name order. Nothing when no monitor has series.
    func appendMonitorFamilies(to text: inout [UInt8]) {
        let monitors = self.monitors.withLock { $0 }
        guard !monitors.isEmpty else { return }
        var writer = ExpositionWriter(text: text)
        let keys = monitors.keys.sorted()

        writer.family(MetricNames.runs, type: "counter")
        for key in keys {
            guard let series = monitors[key] else { continue }
            for (index, result) in MonitorSeries.countedResults.enumerated() {
                writer.sample(MetricNames.runs.name, key, [("result", result)], integer: series.runs[index])
            }
        }

        let name = MetricNames.runDuration.name
        writer.family(MetricNames.runDuration, type: "histogram")
        for key in keys {
            guard let series = monitors[key] else { continue }
            var cumulative: Int64 = 0
            for (index, bound) in MetricNames.runDurationBuckets.enumerated() {
                cumulative += Int64(series.durationCounts[index])
                writer.sample(name + "_bucket", key, [("le", "\(bound)")], integer: cumulative)
            }
            writer.sample(name + "_bucket", key, [("le", "+Inf")], integer: series.durationCount)
            writer.sample(name + "_sum", key, [], value: series.durationSum)
            writer.sample(name + "_count", key, [], integer: series.durationCount)
        }

        let successes = keys.compactMap { key in monitors[key]?.lastSuccess.map { (key, $0) } }
        if !successes.isEmpty {
            writer.family(MetricNames.lastSuccess, type: "gauge")
            for (key, seconds) in successes {
                writer.sample(MetricNames.lastSuccess.name, key, [], value: Double(seconds))
            }
        }

        let gauges: [(MetricName, (MonitorSeries) -> Int64)] = [
            (MetricNames.activeRuns, \.activeRuns),
            (MetricNames.consecutiveFailures, \.consecutiveFailures),
            (MetricNames.healthy, { $0.healthy ? 1 : 0 }),
        ]
        for (metric, value) in gauges {
            writer.family(metric, type: "gauge")
            for key in keys {
                guard let series = monitors[key] else { continue }
                writer.sample(metric.name, key, [], value: Double(value(series)))
            }
        }

        writer.family(MetricNames.health, type: "gauge")
        for key in keys {
            guard let health = monitors[key]?.health else { continue }
            writer.sample(MetricNames.health.name, key, [("status", health.status), ("reason", health.reason)], value: 1)
        }
        text = writer.text
    }
}

/// Writes lines of the Prometheus text format (0.0.4) into a byte buffer.
struct ExpositionWriter {
    var text: [UInt8]

    mutating func family(_ metric: MetricName, type: String) {
        append("# HELP \(metric.name) ")
        for byte in metric.help.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\n"): append("\\n")
            default: text.append(byte)
            }
        }
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

    /// A label value: backslash, double quote and line feed escaped.
    private mutating func escaped(_ value: String) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\n"): append("\\n")
            default: text.append(byte)
            }
        }
    }

    private mutating func append(_ string: String) {
        text.append(contentsOf: string.utf8)
    }
}
