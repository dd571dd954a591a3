/// A cached projection of an object that can be read straight from the object's JSON bytes, in
/// one pass, without decoding the whole object first.
public protocol ProjectionReadable: Sendable {
    /// Reads one object at the scanner's position: its projection and its
    /// `metadata.resourceVersion`. Throws for anything the reader does not take; callers then
    /// decode the object in full (the reader may be stricter than `JSONDecoder`, never laxer).
    static func readProjection(_ scanner: inout JSONScanner) throws(JSONScanError) -> ReadProjection<Self>
}

/// A projection read from bytes, with the object's resourceVersion.
public struct ReadProjection<Projection> {
    public var projection: Projection
    public var resourceVersion: String?

    public init(_ projection: Projection, resourceVersion: String?) {
        self.projection = projection
        self.resourceVersion = resourceVersion
    }
}

extension ReadProjection: Sendable where Projection: Sendable {}
extension ReadProjection: Equatable where Projection: Equatable {}

extension ProjectionReadable {
    /// One object's projection from a whole document.
    public static func readProjection(from bytes: [UInt8]) throws(JSONScanError) -> ReadProjection<Self> {
        var scanner = JSONScanner(bytes)
        scanner.skipByteOrderMark()
        let read = try readProjection(&scanner)
        try scanner.finish()
        return read
    }

    /// An ADDED, MODIFIED or DELETED line of a watch (`{"type":…,"object":{…}}`). BOOKMARK and
    /// ERROR events, and an `object` before its `type`, are refused: callers decode those lines
    /// in full.
    public static func readWatchLine(_ line: [UInt8]) throws(JSONScanError) -> WatchEvent<ReadProjection<Self>> {
        var scanner = JSONScanner(line)
        scanner.skipByteOrderMark()
        var type: String?
        var object: ReadProjection<Self>?
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            if key == "type" {
                guard type == nil else { throw scanner.mismatch("a repeated member") }
                type = try scanner.readString()
            } else if key == "object" {
                guard object == nil, let type, type == "ADDED" || type == "MODIFIED" || type == "DELETED" else {
                    throw scanner.mismatch("not a watch event this reader takes")
                }
                object = try readProjection(&scanner)
            } else {
                try scanner.skipValue()
            }
        }
        try scanner.finish()
        guard let object else { throw scanner.mismatch("a watch event without its object") }
        switch type {
        case "ADDED": return .added(object)
        case "MODIFIED": return .modified(object)
        default: return .deleted(object)
        }
    }

    /// A list response (`{"metadata":{…},"items":[…]}`): every item's projection and the list's
    /// metadata. An item the reader does not take fails the whole page (callers decode it in full).
    public static func readListPage(_ bytes: [UInt8]) throws(JSONScanError) -> ObjectList<ReadProjection<Self>> {
        var scanner = JSONScanner(bytes)
        scanner.skipByteOrderMark()
        var list = ObjectList<ReadProjection<Self>>(items: [])
        var seenMetadata = false
        var seenItems = false
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            if key == "metadata" {
                guard !seenMetadata else { throw scanner.mismatch("a repeated member") }
                seenMetadata = true
                if try !scanner.skipNull() { list.metadata = try listMeta(&scanner) }
            } else if key == "items" {
                guard !seenItems else { throw scanner.mismatch("a repeated member") }
                seenItems = true
                guard try !scanner.skipNull() else { continue }
                try scanner.beginArray()
                while try scanner.nextElement() {
                    list.items.append(try readProjection(&scanner))
                }
            } else {
                try scanner.skipValue()
            }
        }
        try scanner.finish()
        return list
    }

    private static func listMeta(_ scanner: inout JSONScanner) throws(JSONScanError) -> ListMeta {
        var meta = ListMeta()
        var seen: Set<String> = []
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            guard key == "resourceVersion" || key == "continue" || key == "remainingItemCount" else {
                try scanner.skipValue()
                continue
            }
            guard seen.insert(key.string).inserted else { throw scanner.mismatch("a repeated member") }
            if try scanner.skipNull() { continue }
            if key == "resourceVersion" {
                meta.resourceVersion = try scanner.readString()
            } else if key == "continue" {
                meta.continue = try scanner.readString()
            } else {
                meta.remainingItemCount = try scanner.readInt64()
            }
        }
        return meta
    }
}
