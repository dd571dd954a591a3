import KubernetesModel
import Testing
@testable import KubeSim

/// The CEL subset KubeSim evaluates in `x-kubernetes-validations`, and what it refuses.
@Suite struct CELTests {
    static let monitor: JSONValue = [
        "cronJobName": "backup", "historyLimit": 20, "name": "",
        "jobSelector": ["matchLabels": ["app": "x"]], "list": [1, 2, 3],
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        var rule: String
        var expected: JSONValue
        var testDescription: String { rule }
    }

    static let cases: [Case] = [
        Case(rule: "has(self.cronJobName) != has(self.jobSelector)", expected: false),
        Case(rule: "has(self.cronJobName) == has(self.jobSelector)", expected: true),
        Case(rule: "!has(self.jobSelector) || has(self.schedule)", expected: false),
        Case(rule: "!has(self.schedule)", expected: true),
        Case(rule: "has(self.jobSelector.matchLabels) && self.jobSelector.matchLabels.app == 'x'", expected: true),
        Case(rule: "self.historyLimit >= 1 && self.historyLimit <= 100", expected: true),
        Case(rule: "self.historyLimit < 20 || self.historyLimit > 20", expected: false),
        Case(rule: "size(self.cronJobName) == 6", expected: true),
        Case(rule: "self.cronJobName.size() < 52", expected: true),
        Case(rule: "size(self.list) + 1 == 4", expected: true),
        Case(rule: "self.list[0] == 1 && 3 in self.list", expected: true),
        Case(rule: "self.cronJobName in ['backup', \"restore\"]", expected: true),
        Case(rule: "self.name != \"\"", expected: false),
        Case(rule: "-self.historyLimit == 0 - 20", expected: true),
        Case(rule: "(self.historyLimit - 10) * 1 == 10", expected: .null),
        // A decisive side wins over an error on the other side, as in CEL.
        Case(rule: "self.missing == 1 || true", expected: true),
        Case(rule: "false && self.missing == 1", expected: false),
    ]

    @Test(arguments: cases) func evaluates(_ testCase: Case) throws {
        guard testCase.expected != .null else {
            #expect(throws: CELParseError.self) { try CELParser.parse(testCase.rule) }
            return
        }
        let expression = try CELParser.parse(testCase.rule)
        #expect(try CELEvaluator(variables: ["self": Self.monitor]).evaluate(expression) == testCase.expected)
    }

    @Test func selectingAnAbsentFieldIsAnError() throws {
        let expression = try CELParser.parse("self.schedule == '* * * * *'")
        #expect(throws: CELEvaluationError(description: "no such key: schedule")) {
            try CELEvaluator(variables: ["self": Self.monitor]).evaluate(expression)
        }
    }

    @Test func transitionRulesReadOldSelf() throws {
        let expression = try CELParser.parse("self.historyLimit >= oldSelf.historyLimit")
        #expect(expression.readsOldSelf)
        #expect(try !CELParser.parse("self.historyLimit > 1").readsOldSelf)
        let evaluator = CELEvaluator(variables: ["self": ["historyLimit": 5], "oldSelf": ["historyLimit": 10]])
        #expect(try evaluator.evaluate(expression) == false)
    }

    @Test(arguments: [
        "self.all(x, x > 0)", "self.name.matches('^a')", "self.a ? 1 : 2", "1.5 > self.a", "1u == self.a",
        "self.name.startsWith('x')", "quantity(self.q) > 1", "request.user == 'x'", "has(self)", "self.a == ",
        "b'abc' == self.a", "'''x''' == self.a",
    ])
    func refusesWhatItCannotEvaluate(_ rule: String) {
        #expect(throws: CELParseError.self) { try CELParser.parse(rule) }
    }
}
