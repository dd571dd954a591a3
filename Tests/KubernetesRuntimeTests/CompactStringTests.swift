import KubernetesRuntime
import Testing

@Suite struct CompactStringTests {
    @Test(arguments: [
        "5f1c0a2e-0001-4c1d-9a7b-00000000002a",
        "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
        // Not a UUID as the API server writes them: kept as text, read back the same.
        "5F1C0A2E-0001-4C1D-9A7B-00000000002A",
        "5f1c0a2e-0001-4c1d-9a7b-00000000002",
        "5f1c0a2e00014c1d9a7b00000000002a0000",
        "5f1c0a2e-0001-4c1d-9a7b-00000000002g",
        "team-1/app=backup",
        "",
        "ünïcode-ünïcode-ünïcode-ünïcode-ü",
    ])
    func readsGiveBackTheStringGiven(_ text: String) {
        #expect(CompactString(text).string == text)
        #expect(CompactString(text) == CompactString(text))
        #expect(CompactString(text).isEmpty == text.isEmpty)
    }

    /// Over generated strings of a UUID's shape (most valid, some with a character out of place,
    /// pairs often equal): reads give back the string, and equality is the strings' equality.
    @Test func valuesAreEqualExactlyWhenTheirStringsAre() {
        var random = SeededGenerator(seed: 0x5EED_C0DE)
        for _ in 0..<5_000 {
            let left = Self.uuidLike(using: &random)
            let right = Bool.random(using: &random) ? left : Self.uuidLike(using: &random)
            #expect(CompactString(left).string == left)
            #expect((CompactString(left) == CompactString(right)) == (left == right))
            #expect((CompactString(left).hashValue == CompactString(right).hashValue) || left != right)
        }
    }

    private static let alphabet = Array("0123456789abcdef")

    private static func uuidLike(using random: inout SeededGenerator) -> String {
        var characters = (0..<36).map { _ in alphabet.randomElement(using: &random) ?? "0" }
        for offset in [8, 13, 18, 23] { characters[offset] = "-" }
        if Int.random(in: 0..<4, using: &random) == 0 {
            characters[Int.random(in: 0..<36, using: &random)] = ["A", "g", "-", "0", "é"].randomElement(using: &random) ?? "A"
        }
        if Int.random(in: 0..<16, using: &random) == 0 { characters.removeLast() }
        return String(characters)
    }
}
