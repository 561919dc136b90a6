import MitredenDomain
import Testing

@Suite struct PlannerDefinitionTests {
    @Test func aPercentRangeResolvesToCentsAroundTheBaseline() throws {
        let planner = try PlannerFixture.planner()
        let tax = try #require(planner.item("grundsteuer"))
        #expect(tax.minCents == 60_000 && tax.maxCents == 100_000)
        #expect(planner.baselineBalanceCents == 0)
        #expect(planner.balanceFloorCents == 0)
        #expect(try PlannerFixture.planner(rule: "max_deficit", maxDeficitCents: 5_000).balanceFloorCents == -5_000)
        #expect(try PlannerFixture.planner(rule: "free").balanceFloorCents == nil)
    }

    @Test func everyProblemOfASpecIsReportedWithItsField() {
        var spec = PlannerFixture.spec()
        spec.balanceRule = "surplus"
        spec.projectionYears = 31
        spec.areas[0].items[0].stepCents = 0
        spec.areas[0].items[0].minCents = 1  // both a range and a percent
        spec.areas[1].items[0].baselineCents = PlannerLimits.maximumCents + 1
        spec.areas[1].items[1].key = "kita"
        spec.areas[1].items[1].unit = "Platz"  // a unit without its cost
        #expect(throws: PlannerSpecProblems.self) { try spec.validated() }
        do {
            _ = try spec.validated()
        } catch {
            let fields = Set(error.problems.map(\.field))
            #expect(
                fields.isSuperset(of: [
                    "balanceRule", "projectionYears", "areas[0].items[0].stepCents", "areas[0].items[0].rangePercent",
                    "areas[1].items[0].baselineCents", "areas[1].items[1].key", "areas[1].items[1].unitCostCents",
                ]), "\(fields)")
        }
    }

    @Test func boundaryAmountsAreAcceptedAndOneCentMoreIsNot() throws {
        var spec = PlannerFixture.spec()
        spec.projectionYears = 0
        spec.areas[1].items[1] = .init(
            key: "kultur", name: "Kultur", side: .expense, baselineCents: PlannerLimits.maximumCents, minCents: 0,
            maxCents: PlannerLimits.maximumCents, stepCents: PlannerLimits.maximumCents)
        #expect(throws: Never.self) { try spec.validated() }
        spec.areas[1].items[1].maxCents = PlannerLimits.maximumCents + 1
        #expect(throws: PlannerSpecProblems.self) { try spec.validated() }
    }

    @Test func growthThatWouldLeaveInt64WithinTheProjectionIsRefused() {
        var spec = PlannerFixture.spec()
        spec.projectionYears = 30
        spec.areas[1].items[1] = .init(
            key: "kultur", name: "Kultur", side: .expense, baselineCents: PlannerLimits.maximumCents, minCents: 0,
            maxCents: PlannerLimits.maximumCents, stepCents: 1, growthBasisPoints: 10_000)
        #expect(throws: PlannerSpecProblems.self) { try spec.validated() }
    }

    @Test func aMaxDeficitRuleNeedsItsAmount() {
        #expect(throws: PlannerSpecProblems.self) { try PlannerFixture.spec(rule: "max_deficit").validated() }
    }
}
