import CronMonitorAPI

extension OperatorMetrics {
    /// Brings a monitor's series up to its status (creating them on first sight).
    public func monitorStatus(namespace: String, name: String, status: CronMonitorStatus) {
        let key = MonitorKey(namespace: namespace, name: name)
        monitors.withLock { monitors in
            var series = monitors[key] ?? MonitorSeries(key: key, registry: registry)
            series.update(key: key, status: status, registry: registry)
            monitors[key] = series
        }
    }

    /// Removes every series of a deleted monitor.
    public func monitorDeleted(namespace: String, name: String) {
        let key = MonitorKey(namespace: namespace, name: name)
        monitors.withLock { monitors in
            monitors.removeValue(forKey: key)?.unregister(from: registry)
        }
    }
}
