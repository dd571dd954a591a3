/// What became of one `EventRecorder.record` call: the `outcome` label of
/// `cronmonitor_events_total{reason,outcome}`.
public enum EventOutcome: String, Sendable, Equatable, CaseIterable {
    /// Written: an Event created, or counted in an existing Event's series (whose count is written
    /// at once or by the next `flushSeries`).
    case emitted
    /// The regarding object's Event budget is spent: counted in the aggregate Event of its reason.
    case folded
    /// A transient error (429, 5xx, connection) after the transport's own retries: kept, and
    /// retried by `flushSeries` for up to an hour (then logged at warning level and reported
    /// again as `failed`); a named Event (`EventDraft.name`) is retried by its caller instead.
    case deferred
    /// A permanent error (e.g. 403, 422): logged at warning level with the Event's reason and note.
    case failed
}
