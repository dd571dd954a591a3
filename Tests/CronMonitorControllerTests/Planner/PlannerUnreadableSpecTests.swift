import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import Testing

/// A spec field the operator could not read (an unknown enum value, a wrong type) makes the
/// monitor `Ready=False/InvalidSpec` with the field and value named, alerted once.
@Suite struct PlannerUnreadableSpecTests {
    @Test func anUnknownOnStuckValueIsAnInvalidSpec() throws {
        let decoded = try JSONDecoder().decode(
            CronMonitorSpec.self, from: Data(#"{"cronJobName":"backup","onStuck":"Kill"}"#.utf8))
        var world = PlannerWorld()
        world.spec = decoded
        let plan = world.step(at: 1)
        #expect(plan.ready == "False/InvalidSpec")
        #expect(plan.reasons == ["InvalidSpec"])
        let message = try #require(plan.status.conditions?.condition(CronMonitorCondition.ready)?.message)
        #expect(message == #"spec.onStuck has invalid value "Kill": expected one of Alert, Terminate"#)
        #expect(plan.events.first?.note == message)
        #expect(plan.requeueAfter == nil)
        #expect(world.step(at: 30).events == [], "the same problem in the same generation is not alerted again")
    }

    @Test func everyUnreadableFieldIsNamed() {
        var world = PlannerWorld()
        world.spec.invalidFields = [
            InvalidSpecField(field: "spec.onOverlap", value: #""Skip""#, expected: "one of Alert, TerminateNewest"),
            InvalidSpecField(field: "spec.historyLimit", value: #""many""#, expected: "a 32-bit integer"),
        ]
        let plan = world.step(at: 1)
        #expect(plan.ready == "False/InvalidSpec")
        let message = plan.status.conditions?.condition(CronMonitorCondition.ready)?.message ?? ""
        #expect(message.contains("spec.onOverlap has invalid value \"Skip\""))
        #expect(message.contains("spec.historyLimit has invalid value \"many\""))
    }
}
