import KubernetesModel

/// Reads a Job's projection straight from its JSON in one pass: the fields `JobProjection.init`
/// uses are kept in a reduced `BatchV1.Job` (only they become strings), which that same
/// initialiser then projects, so both paths agree by construction. Every other field of the
/// `BatchV1.Job` model is checked as `JSONDecoder` would decode it (type, nullability, string
/// escapes and UTF-8, timestamps) without building it, and fields unknown to the model (the pod
/// template's spec, managedFields, ...) are skipped. A repeated member is refused (`JSONDecoder`
/// keeps the first); callers fall back to `JSONDecoder` for anything refused here.
extension JobProjection: ProjectionReadable {
    public static func readProjection(_ scanner: inout JSONScanner) throws(JSONScanError) -> ReadProjection<JobProjection> {
        let job = try JobReader.job(&scanner)
        return ReadProjection(JobProjection(job), resourceVersion: job.metadata.resourceVersion)
    }
}

/// The Job model's shape, member by member (see `BatchV1.Job` and the types it holds).
enum JobReader {
    static func job(_ scanner: inout JSONScanner) throws(JSONScanError) -> BatchV1.Job {
        var job = BatchV1.Job(metadata: ObjectMeta())
        var seen = Members()
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            switch key {
            case "metadata":
                try seen.first(0, &scanner)
                if try !scanner.skipNull() { job.metadata = try metadata(&scanner) }
            case "spec":
                try seen.first(1, &scanner)
                if try !scanner.skipNull() { job.spec.activeDeadlineSeconds = try spec(&scanner) }
            case "status":
                try seen.first(2, &scanner)
                if try !scanner.skipNull() { job.status = try status(&scanner) }
            default:
                try scanner.skipValue()
            }
        }
        return job
    }

    static func metadata(_ scanner: inout JSONScanner) throws(JSONScanError) -> ObjectMeta {
        var meta = ObjectMeta()
        var seen = Members()
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            switch key {
            case "name":
                try seen.first(0, &scanner)
                meta.name = try scanner.skipNull() ? nil : scanner.readString()
            case "namespace":
                try seen.first(1, &scanner)
                meta.namespace = try scanner.skipNull() ? nil : scanner.readString()
            case "uid":
                try seen.first(2, &scanner)
                meta.uid = try scanner.skipNull() ? nil : scanner.readString()
            case "resourceVersion":
                try seen.first(3, &scanner)
                meta.resourceVersion = try scanner.skipNull() ? nil : scanner.readString()
            case "creationTimestamp":
                try seen.first(4, &scanner)
                meta.creationTimestamp = try scanner.skipNull() ? nil : scanner.readTime()
            case "deletionTimestamp":
                try seen.first(5, &scanner)
                meta.deletionTimestamp = try scanner.skipNull() ? nil : scanner.readTime()
            case "labels":
                try seen.first(6, &scanner)
                meta.labels = try scanner.skipNull() ? nil : scanner.readStringDictionary()
            case "annotations":
                try seen.first(7, &scanner)
                if try !scanner.skipNull() { meta.annotations = try annotations(&scanner) }
            case "ownerReferences":
                try seen.first(8, &scanner)
                if try !scanner.skipNull() { meta.ownerReferences = try ownerReferences(&scanner) }
            case "generateName":
                try seen.first(9, &scanner)
                if try !scanner.skipNull() { try scanner.checkString() }
            case "generation":
                try seen.first(10, &scanner)
                if try !scanner.skipNull() { _ = try scanner.readInt64() }
            case "finalizers":
                try seen.first(11, &scanner)
                try checkStrings(&scanner)
            default:
                try scanner.skipValue()
            }
        }
        return meta
    }

    /// Only the two annotations the projection reads are kept; the others are checked.
    static func annotations(_ scanner: inout JSONScanner) throws(JSONScanError) -> [String: String] {
        var kept: [String: String] = [:]
        var seen = Members()
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            if key == "batch.kubernetes.io/cronjob-scheduled-timestamp" {
                try seen.first(0, &scanner)
                kept[JobProjection.scheduledTimestampAnnotation] = try scanner.readString()
            } else if key == "cronjob.kubernetes.io/instantiate" {
                try seen.first(1, &scanner)
                kept[JobProjection.instantiateAnnotation] = try scanner.readString()
            } else {
                try scanner.checkString()
            }
        }
        return kept
    }

    /// Kind, name, UID and `controller` kept; `apiVersion` checked (and left empty).
    static func ownerReferences(_ scanner: inout JSONScanner) throws(JSONScanError) -> [OwnerReference] {
        var references: [OwnerReference] = []
        try scanner.beginArray()
        while try scanner.nextElement() {
            var reference = OwnerReference(apiVersion: "", kind: "", name: "", uid: "")
            var seen = Members()
            try scanner.beginObject()
            while let key = try scanner.nextKey() {
                switch key {
                case "apiVersion":
                    try seen.first(0, &scanner)
                    try scanner.checkString()
                case "kind":
                    try seen.first(1, &scanner)
                    reference.kind = try scanner.readString()
                case "name":
                    try seen.first(2, &scanner)
                    reference.name = try scanner.readString()
                case "uid":
                    try seen.first(3, &scanner)
                    reference.uid = try scanner.readString()
                case "controller":
                    try seen.first(4, &scanner)
                    reference.controller = try scanner.skipNull() ? nil : scanner.readBool()
                case "blockOwnerDeletion":
                    try seen.first(5, &scanner)
                    if try !scanner.skipNull() { _ = try scanner.readBool() }
                default:
                    try scanner.skipValue()
                }
            }
            try seen.require(0...3, &scanner, "an owner reference needs apiVersion, kind, name and uid")
            references.append(reference)
        }
        return references
    }

    /// `activeDeadlineSeconds` kept; the rest of `JobSpec` checked.
    static func spec(_ scanner: inout JSONScanner) throws(JSONScanError) -> Int64? {
        var deadline: Int64?
        var seen = Members()
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            switch key {
            case "activeDeadlineSeconds":
                try seen.first(0, &scanner)
                deadline = try scanner.skipNull() ? nil : scanner.readInt64()
            case "backoffLimit", "completions", "parallelism":
                if try !scanner.skipNull() { _ = try scanner.readInt64() }
            case "suspend":
                if try !scanner.skipNull() { _ = try scanner.readBool() }
            case "selector":
                if try !scanner.skipNull() { try checkSelector(&scanner) }
            case "template":
                if try !scanner.skipNull() { try checkTemplate(&scanner) }
            default:
                try scanner.skipValue()
            }
        }
        return deadline
    }

    static func status(_ scanner: inout JSONScanner) throws(JSONScanError) -> BatchV1.JobStatus {
        var status = BatchV1.JobStatus()
        var seen = Members()
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            switch key {
            case "conditions":
                try seen.first(0, &scanner)
                if try !scanner.skipNull() { status.conditions = try conditions(&scanner) }
            case "startTime":
                try seen.first(1, &scanner)
                status.startTime = try scanner.skipNull() ? nil : scanner.readTime()
            case "completionTime":
                try seen.first(2, &scanner)
                status.completionTime = try scanner.skipNull() ? nil : scanner.readTime()
            case "active":
                try seen.first(3, &scanner)
                if try !scanner.skipNull() { status.active = Int(try scanner.readInt64()) }
            case "succeeded", "failed", "ready", "terminating":
                if try !scanner.skipNull() { _ = try scanner.readInt64() }
            default:
                try scanner.skipValue()
            }
        }
        return status
    }

    static func conditions(_ scanner: inout JSONScanner) throws(JSONScanError) -> [BatchV1.JobCondition] {
        var conditions: [BatchV1.JobCondition] = []
        try scanner.beginArray()
        while try scanner.nextElement() {
            var condition = BatchV1.JobCondition(type: "", status: "")
            var seen = Members()
            try scanner.beginObject()
            while let key = try scanner.nextKey() {
                switch key {
                case "type":
                    try seen.first(0, &scanner)
                    condition.type = try scanner.readString()
                case "status":
                    try seen.first(1, &scanner)
                    condition.status = try scanner.readString()
                case "reason":
                    try seen.first(2, &scanner)
                    condition.reason = try scanner.skipNull() ? nil : scanner.readString()
                case "message":
                    try seen.first(3, &scanner)
                    condition.message = try scanner.skipNull() ? nil : scanner.readString()
                case "lastTransitionTime":
                    try seen.first(4, &scanner)
                    condition.lastTransitionTime = try scanner.skipNull() ? nil : scanner.readTime()
                case "lastProbeTime":
                    if try !scanner.skipNull() { _ = try scanner.readTime() }
                default:
                    try scanner.skipValue()
                }
            }
            try seen.require(0...1, &scanner, "a Job condition needs type and status")
            conditions.append(condition)
        }
        return conditions
    }

    /// `LabelSelector`: `matchLabels` and `matchExpressions` (key, operator, values).
    static func checkSelector(_ scanner: inout JSONScanner) throws(JSONScanError) {
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            switch key {
            case "matchLabels":
                try checkStringDictionary(&scanner)
            case "matchExpressions":
                guard try !scanner.skipNull() else { continue }
                try scanner.beginArray()
                while try scanner.nextElement() {
                    var seen = Members()
                    try scanner.beginObject()
                    while let member = try scanner.nextKey() {
                        switch member {
                        case "key":
                            try seen.first(0, &scanner)
                            try scanner.checkString()
                        case "operator":
                            try seen.first(1, &scanner)
                            try scanner.checkString()
                        case "values":
                            try checkStrings(&scanner)
                        default:
                            try scanner.skipValue()
                        }
                    }
                    try seen.require(0...1, &scanner, "a selector requirement needs key and operator")
                }
            default:
                try scanner.skipValue()
            }
        }
    }

    /// `PodTemplateSpec`: only its metadata's labels and annotations are in the model.
    static func checkTemplate(_ scanner: inout JSONScanner) throws(JSONScanError) {
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            guard key == "metadata", try !scanner.skipNull() else {
                try scanner.skipValue()
                continue
            }
            try scanner.beginObject()
            while let member = try scanner.nextKey() {
                switch member {
                case "labels", "annotations": try checkStringDictionary(&scanner)
                default: try scanner.skipValue()
                }
            }
        }
    }

    /// An optional `[String]`.
    static func checkStrings(_ scanner: inout JSONScanner) throws(JSONScanError) {
        guard try !scanner.skipNull() else { return }
        try scanner.beginArray()
        while try scanner.nextElement() { try scanner.checkString() }
    }

    /// An optional `[String: String]`.
    static func checkStringDictionary(_ scanner: inout JSONScanner) throws(JSONScanError) {
        guard try !scanner.skipNull() else { return }
        try scanner.beginObject()
        while try scanner.nextKey() != nil { try scanner.checkString() }
    }
}

/// The members of one object seen so far, to refuse a repeated one and a missing required one.
private struct Members {
    var seen: UInt32 = 0

    mutating func first(_ index: Int, _ scanner: inout JSONScanner) throws(JSONScanError) {
        let bit: UInt32 = 1 << UInt32(index)
        guard seen & bit == 0 else {
            throw JSONScanError(kind: .mismatch, offset: scanner.position, message: "a repeated member")
        }
        seen |= bit
    }

    func require(_ indices: ClosedRange<Int>, _ scanner: inout JSONScanner, _ message: String) throws(JSONScanError) {
        for index in indices where seen & (1 << UInt32(index)) == 0 {
            throw JSONScanError(kind: .mismatch, offset: scanner.position, message: message)
        }
    }
}
