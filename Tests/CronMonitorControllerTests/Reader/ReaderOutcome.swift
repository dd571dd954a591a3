import KubernetesModel

/// What a projection reader (or its reference, `JSONDecoder` then the projection's initialiser)
/// made of one document.
enum ReaderOutcome<Projection: Equatable>: Equatable, CustomStringConvertible {
    case read(ReadProjection<Projection>)
    case refused

    var description: String {
        switch self {
        case .read(let read): "read \(read.projection) rv \(read.resourceVersion ?? "nil")"
        case .refused: "refused"
        }
    }
}
