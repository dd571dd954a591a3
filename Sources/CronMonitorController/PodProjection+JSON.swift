import KubernetesModel

/// Reads a Pod's projection straight from its JSON in one pass, as `JobProjection` does: the
/// fields of the `CoreV1.Pod` model are read into a reduced `CoreV1.Pod` (the same initialiser
/// then projects it, so both paths agree by construction) and checked as `JSONDecoder` would
/// decode them; everything else of a Pod (most of its spec, managed fields, volumes, IPs) is
/// skipped without building values. A repeated member is refused (`JSONDecoder` keeps the
/// first); callers fall back to `JSONDecoder` for anything refused here.
extension PodProjection: ProjectionReadable {
    public static func readProjection(_ scanner: inout JSONScanner) throws(JSONScanError) -> ReadProjection<PodProjection> {
        let pod = try PodReader.pod(&scanner)
        return ReadProjection(PodProjection(pod), resourceVersion: pod.metadata.resourceVersion)
    }
}

/// The Pod model's shape, member by member (see `CoreV1.Pod` and the types it holds).
enum PodReader {
    static func pod(_ scanner: inout JSONScanner) throws(JSONScanError) -> CoreV1.Pod {
        var pod = CoreV1.Pod(metadata: ObjectMeta())
        var seen = Members()
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            switch key {
            case "metadata":
                try seen.first(0, &scanner)
                if try !scanner.skipNull() { pod.metadata = try JobReader.metadata(&scanner) }
            case "spec":
                try seen.first(1, &scanner)
                if try !scanner.skipNull() { pod.spec = try spec(&scanner) }
            case "status":
                try seen.first(2, &scanner)
                if try !scanner.skipNull() { pod.status = try status(&scanner) }
            default:
                try scanner.skipValue()
            }
        }
        return pod
    }

    /// `nodeName` is the spec's only member in the model.
    static func spec(_ scanner: inout JSONScanner) throws(JSONScanError) -> CoreV1.PodSpec {
        var spec = CoreV1.PodSpec()
        var seen = Members()
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            if key == "nodeName" {
                try seen.first(0, &scanner)
                spec.nodeName = try scanner.skipNull() ? nil : scanner.readString()
            } else {
                try scanner.skipValue()
            }
        }
        return spec
    }

    static func status(_ scanner: inout JSONScanner) throws(JSONScanError) -> CoreV1.PodStatus {
        var status = CoreV1.PodStatus()
        var seen = Members()
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            switch key {
            case "phase":
                try seen.first(0, &scanner)
                status.phase = try optionalString(&scanner)
            case "reason":
                try seen.first(1, &scanner)
                status.reason = try optionalString(&scanner)
            case "message":
                try seen.first(2, &scanner)
                status.message = try optionalString(&scanner)
            case "startTime":
                try seen.first(3, &scanner)
                status.startTime = try scanner.skipNull() ? nil : scanner.readTime()
            case "conditions":
                try seen.first(4, &scanner)
                if try !scanner.skipNull() { status.conditions = try conditions(&scanner) }
            case "initContainerStatuses":
                try seen.first(5, &scanner)
                if try !scanner.skipNull() { status.initContainerStatuses = try containerStatuses(&scanner) }
            case "containerStatuses":
                try seen.first(6, &scanner)
                if try !scanner.skipNull() { status.containerStatuses = try containerStatuses(&scanner) }
            default:
                try scanner.skipValue()
            }
        }
        return status
    }

    static func conditions(_ scanner: inout JSONScanner) throws(JSONScanError) -> [CoreV1.PodCondition] {
        var conditions: [CoreV1.PodCondition] = []
        try scanner.beginArray()
        while try scanner.nextElement() {
            var condition = CoreV1.PodCondition(type: "", status: "")
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
                    condition.reason = try optionalString(&scanner)
                case "message":
                    try seen.first(3, &scanner)
                    condition.message = try optionalString(&scanner)
                case "lastTransitionTime":
                    try seen.first(4, &scanner)
                    condition.lastTransitionTime = try scanner.skipNull() ? nil : scanner.readTime()
                default:
                    try scanner.skipValue()
                }
            }
            try seen.require(0...1, &scanner, "a Pod condition needs type and status")
            conditions.append(condition)
        }
        return conditions
    }

    static func containerStatuses(_ scanner: inout JSONScanner) throws(JSONScanError) -> [CoreV1.ContainerStatus] {
        var statuses: [CoreV1.ContainerStatus] = []
        try scanner.beginArray()
        while try scanner.nextElement() {
            var status = CoreV1.ContainerStatus(name: "")
            var seen = Members()
            try scanner.beginObject()
            while let key = try scanner.nextKey() {
                switch key {
                case "name":
                    try seen.first(0, &scanner)
                    status.name = try scanner.readString()
                case "state":
                    try seen.first(1, &scanner)
                    if try !scanner.skipNull() { status.state = try state(&scanner) }
                case "lastState":
                    try seen.first(2, &scanner)
                    if try !scanner.skipNull() { status.lastState = try state(&scanner) }
                case "ready":
                    try seen.first(3, &scanner)
                    status.ready = try scanner.skipNull() ? nil : scanner.readBool()
                case "started":
                    try seen.first(4, &scanner)
                    status.started = try scanner.skipNull() ? nil : scanner.readBool()
                case "restartCount":
                    try seen.first(5, &scanner)
                    status.restartCount = try optionalInt32(&scanner)
                case "image":
                    try seen.first(6, &scanner)
                    status.image = try optionalString(&scanner)
                default:
                    try scanner.skipValue()
                }
            }
            try seen.require(0...0, &scanner, "a container status needs its name")
            statuses.append(status)
        }
        return statuses
    }

    static func state(_ scanner: inout JSONScanner) throws(JSONScanError) -> CoreV1.ContainerState {
        var state = CoreV1.ContainerState()
        var seen = Members()
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            switch key {
            case "waiting":
                try seen.first(0, &scanner)
                if try !scanner.skipNull() { state.waiting = try waiting(&scanner) }
            case "running":
                try seen.first(1, &scanner)
                if try !scanner.skipNull() { state.running = try running(&scanner) }
            case "terminated":
                try seen.first(2, &scanner)
                if try !scanner.skipNull() { state.terminated = try terminated(&scanner) }
            default:
                try scanner.skipValue()
            }
        }
        return state
    }

    static func waiting(_ scanner: inout JSONScanner) throws(JSONScanError) -> CoreV1.ContainerStateWaiting {
        var waiting = CoreV1.ContainerStateWaiting()
        var seen = Members()
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            switch key {
            case "reason":
                try seen.first(0, &scanner)
                waiting.reason = try optionalString(&scanner)
            case "message":
                try seen.first(1, &scanner)
                waiting.message = try optionalString(&scanner)
            default:
                try scanner.skipValue()
            }
        }
        return waiting
    }

    static func running(_ scanner: inout JSONScanner) throws(JSONScanError) -> CoreV1.ContainerStateRunning {
        var running = CoreV1.ContainerStateRunning()
        var seen = Members()
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            if key == "startedAt" {
                try seen.first(0, &scanner)
                running.startedAt = try scanner.skipNull() ? nil : scanner.readTime()
            } else {
                try scanner.skipValue()
            }
        }
        return running
    }

    static func terminated(_ scanner: inout JSONScanner) throws(JSONScanError) -> CoreV1.ContainerStateTerminated {
        var terminated = CoreV1.ContainerStateTerminated()
        var seen = Members()
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            switch key {
            case "exitCode":
                try seen.first(0, &scanner)
                terminated.exitCode = try optionalInt32(&scanner)
            case "signal":
                try seen.first(1, &scanner)
                terminated.signal = try optionalInt32(&scanner)
            case "reason":
                try seen.first(2, &scanner)
                terminated.reason = try optionalString(&scanner)
            case "message":
                try seen.first(3, &scanner)
                terminated.message = try optionalString(&scanner)
            case "startedAt":
                try seen.first(4, &scanner)
                terminated.startedAt = try scanner.skipNull() ? nil : scanner.readTime()
            case "finishedAt":
                try seen.first(5, &scanner)
                terminated.finishedAt = try scanner.skipNull() ? nil : scanner.readTime()
            default:
                try scanner.skipValue()
            }
        }
        return terminated
    }

    static func optionalString(_ scanner: inout JSONScanner) throws(JSONScanError) -> String? {
        try scanner.skipNull() ? nil : scanner.readString()
    }

    /// An `Int32?`: a number out of its range is refused, as `JSONDecoder` refuses it.
    static func optionalInt32(_ scanner: inout JSONScanner) throws(JSONScanError) -> Int32? {
        guard try !scanner.skipNull() else { return nil }
        let value = try scanner.readInt64()
        guard let narrow = Int32(exactly: value) else {
            throw JSONScanError(kind: .mismatch, offset: scanner.position, message: "a number outside Int32")
        }
        return narrow
    }
}
