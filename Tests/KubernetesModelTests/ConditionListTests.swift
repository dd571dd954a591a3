import KubernetesModel
import Testing

@Suite struct ConditionListTests {
    static func ready(_ status: ConditionStatus, at seconds: Int64, reason: String = "Resolved") -> Condition {
        Condition(
            type: "Ready", status: status, observedGeneration: 1,
            lastTransitionTime: Time(secondsSinceEpoch: seconds), reason: reason, message: "")
    }

    @Test func newTypeIsAppended() {
        var conditions: [Condition] = []
        let changed1 = conditions.set(Self.ready(.true, at: 10))
        #expect(changed1)
        #expect(conditions == [Self.ready(.true, at: 10)])
        #expect(conditions.condition("Ready")?.status == .true)
        #expect(conditions.condition("Healthy") == nil)
    }

    @Test func sameStatusKeepsTheTransitionTime() {
        var conditions = [Self.ready(.true, at: 10)]
        let changed2 = conditions.set(Self.ready(.true, at: 50))
        #expect(!changed2)
        #expect(conditions.first?.lastTransitionTime == Time(secondsSinceEpoch: 10))
        let changed3 = conditions.set(Self.ready(.true, at: 60, reason: "Other"))
        #expect(changed3)
        #expect(conditions.first?.lastTransitionTime == Time(secondsSinceEpoch: 10))
        #expect(conditions.first?.reason == "Other")
    }

    @Test func flippedStatusTakesTheNewTransitionTime() {
        var conditions = [Self.ready(.true, at: 10)]
        let changed4 = conditions.set(Self.ready(.false, at: 70, reason: "CronJobNotFound"))
        #expect(changed4)
        #expect(conditions == [Self.ready(.false, at: 70, reason: "CronJobNotFound")])
    }
}
