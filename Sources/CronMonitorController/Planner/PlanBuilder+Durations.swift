import CronMonitorAPI
import Foundation
import KubernetesModel

extension PlanBuilder {
    static let tooShort = "TooShort"

    /// A run that just succeeded in fewer seconds than `minDurationSeconds` (a Job that
    /// silently did nothing): recorded (the result stays `Succeeded`, reason `TooShort`) and
    /// alerted `RunTooShort` once. Returns whether it was too short: such a success neither
    /// ends nor extends the failure streak.
    mutating func judgeTooShort(
        run position: Int, job: JobProjection, duration: Int64, reference: JobReference, slotText: String
    ) -> Bool {
        guard let minimum = spec.minDurationSeconds, minimum > 0, duration < minimum else { return false }
        records[position].reason = Self.tooShort
        records[position].message = "succeeded after \(duration)s, less than minDurationSeconds \(minimum)"
        totals.tooShort = (totals.tooShort ?? 0) + 1
        alert(
            .runTooShort, run: position, at: records[position].finishTime?.date ?? now,
            note: "Job \(job.key.name)\(slotText) succeeded after \(duration)s, less than minDurationSeconds \(minimum)",
            related: reference)
        return true
    }
}

extension RunRecord {
    /// The duration of a run that finished by itself (succeeded or failed), for
    /// `status.durations`.
    var finishedDuration: Int64? {
        switch result {
        case .succeeded, .failed: durationSeconds
        case .pending, .running, .stuck, .terminated, .missed, .duplicate: nil
        }
    }
}
