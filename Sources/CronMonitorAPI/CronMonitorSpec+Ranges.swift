extension CronMonitorSpec {
    /// Fields that were read but whose value is out of range (the API server rejects them when
    /// the CRD's schema is installed; a monitor written without it is still judged safely).
    /// Like `invalidFields`, they make the spec invalid.
    public var outOfRangeFields: [InvalidSpecField] {
        var fields: [InvalidSpecField] = []
        if let minimum = minDurationSeconds, minimum <= 0 {
            fields.append(
                InvalidSpecField(
                    field: "spec.minDurationSeconds", value: String(minimum), expected: "an integer greater than 0"))
        }
        return fields
    }
}
