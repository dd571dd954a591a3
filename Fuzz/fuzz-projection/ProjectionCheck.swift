import CronMonitorController
import Foundation
import FuzzSupport
import KubernetesModel

/// The promise of the projection readers (`JobProjection+JSON`, `PodProjection+JSON`), checked on
/// any bytes as the differential tests check it on fixtures and generated objects:
/// - what a reader reads, `JSONDecoder` decodes too, and the object's projection and
///   resourceVersion are equal;
/// - what `JSONDecoder` decodes, the reader reads too, except where it is documented to be
///   stricter: a repeated member, or a whole number written with a fraction or an exponent at or
///   beyond 2^53 in magnitude (`JSONDecoder` reads it as a `Decimal`);
/// - a document the reader reads is read the same inside a watch line.
enum ProjectionCheck {
    static func run(_ input: [UInt8]) {
        check(JobProjection.self, input) { decoder, data in
            let job = try decoder.decode(BatchV1.Job.self, from: data)
            return ReadProjection(JobProjection(job), resourceVersion: job.metadata.resourceVersion)
        }
        check(PodProjection.self, input) { decoder, data in
            let pod = try decoder.decode(CoreV1.Pod.self, from: data)
            return ReadProjection(PodProjection(pod), resourceVersion: pod.metadata.resourceVersion)
        }
    }

    static func check<Projection: ProjectionReadable & Equatable>(
        _ type: Projection.Type, _ input: [UInt8],
        reference: (JSONDecoder, Data) throws -> ReadProjection<Projection>
    ) {
        let expected = try? reference(JSONDecoder(), Data(input))
        let read: ReadProjection<Projection>
        do {
            read = try Projection.readProjection(from: input)
        } catch {
            if expected != nil {
                fuzzCheck(
                    isDocumentedStrictness(error, input), "\(Projection.self): JSONDecoder decodes, the reader refuses: \(error)")
            }
            return
        }
        fuzzCheck(expected != nil, "\(Projection.self): the reader reads \(read.projection), JSONDecoder refuses")
        fuzzCheck(read == expected, "\(Projection.self): the reader reads \(read), JSONDecoder \(String(describing: expected))")
        checkWatchLine(input, read)
    }

    /// The refusals `refusedByTheReaderOnly` in the differential tests list. A document with a
    /// repeated member may be refused however the reader words it: `JSONDecoder` reads the first
    /// value only, the reader may check the others (a member it checks without keeping).
    static func isDocumentedStrictness(_ error: JSONScanError, _ input: [UInt8]) -> Bool {
        if hasRepeatedMember(input) { return true }
        guard error.kind == .mismatch else { return false }
        if error.message == "a repeated member" || error.message == "a repeated key" { return true }
        let suffix = "' is not a whole number this reader takes"
        guard error.message.hasPrefix("'"), error.message.hasSuffix(suffix),
            let number = Double(error.message.dropFirst().dropLast(suffix.count))
        else { return false }
        return abs(number) >= 9_007_199_254_740_992
    }

    /// Whether some object of the document holds a member twice.
    static func hasRepeatedMember(_ input: [UInt8]) -> Bool {
        var scanner = JSONScanner(input)
        scanner.skipByteOrderMark()
        return (try? repeatsMember(&scanner)) ?? false
    }

    static func repeatsMember(_ scanner: inout JSONScanner) throws(JSONScanError) -> Bool {
        switch try scanner.peekKind() {
        case .object:
            var keys: Set<String> = []
            try scanner.beginObject()
            while let key = try scanner.nextKey() {
                guard keys.insert(key.string).inserted else { return true }
                if try repeatsMember(&scanner) { return true }
            }
        case .array:
            try scanner.beginArray()
            while try scanner.nextElement() {
                if try repeatsMember(&scanner) { return true }
            }
        case .string, .number, .bool, .null:
            try scanner.skipValue()
        }
        return false
    }

    /// The document as the `object` of a `MODIFIED` watch line: the same projection (unless the
    /// document needs the byte-order mark it may start with, or all the nesting a line allows).
    static func checkWatchLine<Projection: ProjectionReadable & Equatable>(_ input: [UInt8], _ read: ReadProjection<Projection>) {
        guard !input.starts(with: [0xEF, 0xBB, 0xBF]) else { return }
        let line = Array(#"{"type":"MODIFIED","object":"#.utf8) + input + Array("}".utf8)
        do {
            let event = try Projection.readWatchLine(line)
            guard case .modified(let object) = event else {
                fuzzCheck(false, "\(Projection.self): a MODIFIED line read as \(event)")
                return
            }
            fuzzCheck(object == read, "\(Projection.self): the line's object \(object), the document's \(read)")
        } catch {
            fuzzCheck(error.message.hasPrefix("nested deeper"), "\(Projection.self): the document reads, its watch line not: \(error)")
        }
    }
}
