import FuzzSupport
@testable import KubeSim
import KubernetesModel

/// Parses both documents with `JSONParser` (KubernetesModel) and checks that:
/// - what `JSONWriter` writes parses back to the same value (integral doubles become integers);
/// - KubeSim's `MergePatch` and KubernetesModel's `applyingMergePatch` agree;
/// - the merge patch `mergePatch(to:)` computes from the target to the result reproduces it.
/// JSON patch (RFC 6902) may refuse the operations, but must not crash.
enum PatchCheck {
    static func run(_ input: [UInt8]) {
        let (patchBytes, targetBytes) = input.splitOnce(at: 0)
        guard let patch = try? JSONParser.parse(patchBytes) else { return }
        checkRoundTrip(patch)
        let target: JSONValue
        if let targetBytes {
            guard let parsed = try? JSONParser.parse(targetBytes) else { return }
            checkRoundTrip(parsed)
            target = parsed
        } else {
            target = .object([:])
        }

        let merged = MergePatch.apply(patch, to: target)
        fuzzCheck(merged == target.applyingMergePatch(patch), "the two merge patch implementations disagree")
        if let difference = target.mergePatch(to: merged) {
            fuzzCheck(target.applyingMergePatch(difference) == merged, "the computed merge patch does not reproduce the result")
        } else {
            fuzzCheck(target == merged, "no merge patch computed between different documents")
        }
        _ = MergePatch.removingDirectives(patch)

        do {
            let patched = try JSONPatch.apply(patch, to: target)
            checkRoundTrip(patched)
        } catch {
            _ = error.message
        }
    }

    static func checkRoundTrip(_ value: JSONValue) {
        guard let bytes = try? JSONWriter.encode(value) else { return }
        let reparsed = try? JSONParser.parse(bytes)
        fuzzCheck(reparsed.map(normalized) == normalized(value), "written JSON does not parse back: \(String(decoding: bytes, as: UTF8.self))")
    }

    /// Integral doubles as the integers `JSONWriter` writes them as.
    static func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let number) where number == number.rounded() && abs(number) < 1e15:
            .int(Int64(number))
        case .array(let elements):
            .array(elements.map(normalized))
        case .object(let members):
            .object(members.mapValues(normalized))
        case .null, .bool, .int, .double, .string:
            value
        }
    }
}
