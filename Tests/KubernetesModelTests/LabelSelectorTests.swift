import Foundation
import KubernetesModel
import Testing

@Suite struct LabelSelectorTests {
    static let labels = ["app": "backup", "tier": "batch", "env": "prod"]

    /// (selector, matches `labels`)
    static let matching: [(LabelSelector, Bool)] = [
        (LabelSelector(), true),
        (LabelSelector(matchLabels: [:], matchExpressions: []), true),
        (LabelSelector(matchLabels: ["app": "backup"]), true),
        (LabelSelector(matchLabels: ["app": "backup", "tier": "batch"]), true),
        (LabelSelector(matchLabels: ["app": "web"]), false),
        (LabelSelector(matchLabels: ["missing": "x"]), false),
        (LabelSelector(matchExpressions: [.in("env", ["prod", "staging"])]), true),
        (LabelSelector(matchExpressions: [.in("env", ["staging"])]), false),
        (LabelSelector(matchExpressions: [.in("missing", ["x"])]), false),
        (LabelSelector(matchExpressions: [.notIn("env", ["staging"])]), true),
        (LabelSelector(matchExpressions: [.notIn("env", ["prod"])]), false),
        (LabelSelector(matchExpressions: [.notIn("missing", ["x"])]), true),
        (LabelSelector(matchExpressions: [.exists("tier")]), true),
        (LabelSelector(matchExpressions: [.exists("missing")]), false),
        (LabelSelector(matchExpressions: [.doesNotExist("missing")]), true),
        (LabelSelector(matchExpressions: [.doesNotExist("tier")]), false),
        (LabelSelector(matchLabels: ["app": "backup"], matchExpressions: [.doesNotExist("tier")]), false),
        (LabelSelector(matchLabels: ["app": "backup"], matchExpressions: [.exists("tier"), .in("env", ["prod"])]), true),
        // Invalid selectors select nothing.
        (LabelSelector(matchExpressions: [.in("env", [])]), false),
        (LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "tier", operator: .exists, values: ["batch"])]), false),
        (LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "tier", operator: .unrecognized("Gt"), values: ["1"])]), false),
    ]

    @Test(arguments: matching)
    func matchesLabels(selector: LabelSelector, expected: Bool) {
        #expect(selector.matches(labels: Self.labels) == expected)
    }

    @Test func emptyLabelsOnlyMatchNegativeRequirements() {
        #expect(LabelSelector(matchExpressions: [.doesNotExist("a"), .notIn("b", ["c"])]).matches(labels: [:]))
        #expect(!LabelSelector(matchExpressions: [.exists("a")]).matches(labels: [:]))
    }

    /// (selector, query string)
    static let queries: [(LabelSelector, String)] = [
        (LabelSelector(), ""),
        (LabelSelector(matchLabels: ["b": "2", "a": "1"]), "a=1,b=2"),
        (LabelSelector(matchExpressions: [.in("tier", ["web", "batch"])]), "tier in (batch,web)"),
        (LabelSelector(matchExpressions: [.notIn("env", ["dev"])]), "env notin (dev)"),
        (LabelSelector(matchExpressions: [.exists("owner"), .doesNotExist("legacy")]), "!legacy,owner"),
        (
            LabelSelector(matchLabels: ["app": "backup"], matchExpressions: [.in("env", ["prod"]), .exists("zone")]),
            "app=backup,env in (prod),zone"
        ),
    ]

    @Test(arguments: queries)
    func rendersQueryString(selector: LabelSelector, expected: String) throws {
        #expect(try selector.queryString() == expected)
    }

    @Test func invalidSelectorsHaveNoQueryString() {
        #expect(throws: LabelSelectorError.self) {
            try LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "a", operator: .unrecognized("Gt"))]).queryString()
        }
        #expect(throws: LabelSelectorError.self) {
            try LabelSelector(matchExpressions: [.in("a", [])]).queryString()
        }
    }

    @Test func operatorsRoundTripThroughJSON() throws {
        let json = #"{"matchExpressions":[{"key":"a","operator":"In","values":["x"]},{"key":"b","operator":"NotIn","values":["y"]},{"key":"c","operator":"Exists"},{"key":"d","operator":"DoesNotExist"},{"key":"e","operator":"Gt","values":["1"]}]}"#
        let selector = try JSONDecoder().decode(LabelSelector.self, from: Data(json.utf8))
        #expect(selector.matchExpressions?.map(\.operator) == [.in, .notIn, .exists, .doesNotExist, .unrecognized("Gt")])
        let again = try JSONDecoder().decode(LabelSelector.self, from: JSONEncoder().encode(selector))
        #expect(again == selector)
    }
}
