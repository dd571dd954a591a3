import CronMonitorAPI
import KubernetesModel
import KubernetesRuntime

extension CronMonitorStatus {
    /// This status as the monitors cache keeps it, equal to it: every array exactly as long as
    /// its elements (the decoder grows arrays by doubling, so a history of 10 runs of 208 bytes
    /// each holds room for 16), and the strings that many runs repeat (reasons, messages,
    /// causes, hints, nodes, alerted reasons, condition texts) sharing one copy.
    ///
    /// - Parameter cachedJob: the name and UID of the cached Job of this name, if any: a run of
    ///   that Job (same name and UID) then shares these strings instead of holding copies (144
    ///   bytes of heap a run).
    public func compacted(cachedJob: (String) -> (name: String, uid: String)? = { _ in nil }) -> CronMonitorStatus {
        var status = self
        let interner = StringInterner.shared
        status.conditions = conditions?.exactlySized { condition in
            var condition = condition
            condition.reason = interner.intern(condition.reason)
            condition.message = interner.intern(condition.message)
            return condition
        }
        status.activeRuns = activeRuns?.exactlySized { run in
            var run = run
            if let job = cachedJob(run.jobName), job.uid == run.uid { (run.jobName, run.uid) = job }
            return run
        }
        status.runs = runs?.exactlySized { $0.compacted(interner, cachedJob: cachedJob) }
        status.daily = daily?.exactlySized { day in
            var day = day
            day.longestSeconds = day.longestSeconds?.exactlySized { $0 }
            return day
        }
        status.countedJobs?.trimmedUIDs = countedJobs?.trimmedUIDs?.exactlySized { $0 }
        status.pendingAlerts = pendingAlerts?.exactlySized { alert in
            var alert = alert
            alert.reason = interner.intern(alert.reason)
            return alert
        }
        return status
    }
}

extension RunRecord {
    fileprivate func compacted(_ interner: StringInterner, cachedJob: (String) -> (name: String, uid: String)?) -> RunRecord {
        var record = self
        if let name = jobName, let job = cachedJob(name), job.uid == uid {
            record.jobName = job.name
            record.uid = job.uid
        }
        var details = record.details
        if details != RunRecord.Details() {
            details.reason = details.reason.map(interner.intern)
            details.message = details.message.map(interner.intern)
            details.node = details.node.map(interner.intern)
            details.cause = details.cause.map(interner.intern)
            details.hint = details.hint.map(interner.intern)
            record.details = details
        }
        record.alerted = alerted?.exactlySized { interner.intern($0) }
        return record
    }
}

extension Array {
    /// The elements, transformed, in a buffer with room for exactly them.
    fileprivate func exactlySized(_ transform: (Element) -> Element) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            for (offset, element) in enumerated() {
                buffer.initializeElement(at: offset, to: transform(element))
            }
            initialized = count
        }
    }
}
