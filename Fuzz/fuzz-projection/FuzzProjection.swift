import FuzzSupport

/// Input: one JSON document, read as a Job and as a Pod by the projection readers and by
/// `JSONDecoder` (see `ProjectionCheck`).
@main
enum FuzzProjection {
    static func main() {
        FuzzDriver.run { data, size in
            ProjectionCheck.run(FuzzDriver.bytes(data, size))
            return 0
        }
    }
}
