import MitredenDomain
import Testing

@Suite struct PlanValidatorTests {
    @Test func aBalancedPlanPassesAndItemsNotListedKeepTheirBaseline() throws {
        let planner = try PlannerFixture.planner()
        let lines = [
            PlanLine(item: "grundsteuer", amountCents: 90_000, justification: "  Mehr für Kitas.  "),
            PlanLine(item: "kita", amountCents: 70_000),
        ]
        let (plan, violations) = PlanValidator.check(lines, against: planner, requireBalance: true)
        #expect(violations.isEmpty)
        #expect(plan.amounts["kultur"] == 40_000)
        #expect(plan.balanceCents == 0)
        #expect(plan.justifications["grundsteuer"] == "Mehr für Kitas.")
        #expect(plan.lines(of: planner).map(\.item) == ["grundsteuer", "kita"])
    }

    @Test func theRefusalListsEveryBrokenRule() throws {
        let planner = try PlannerFixture.planner()
        let lines = [
            PlanLine(item: "kita", amountCents: 95_000),  // out of range
            PlanLine(item: "kultur", amountCents: 41_000),  // off the 2,000 step, and unbalanced
            PlanLine(item: "gebuehr", amountCents: 20_100),  // protected
            PlanLine(item: "hafen", amountCents: 1),  // unknown
            PlanLine(item: "kultur", amountCents: 40_000),  // twice
            PlanLine(item: "grundsteuer", amountCents: 80_000, justification: String(repeating: "x", count: 501)),
        ]
        let (_, violations) = PlanValidator.check(lines, against: planner, requireBalance: true)
        #expect(
            violations.map(\.rule) == [
                .tooManyLines, .outOfRange, .offStep, .protectedItem, .unknownItem, .duplicateItem, .justificationTooLong, .unbalanced,
            ])
        #expect(violations.first { $0.rule == .unbalanced }?.message.contains("unbalanced by 1000 cents") == true)
        #expect(violations.first { $0.rule == .outOfRange }?.field == "lines[0].amountCents")
    }

    @Test func rangeBoundariesAreInclusive() throws {
        let planner = try PlannerFixture.planner(rule: "free")
        for amount: Int64 in [40_000, 90_000] {
            #expect(PlanValidator.check([PlanLine(item: "kita", amountCents: amount)], against: planner, requireBalance: true).violations.isEmpty)
        }
        for amount: Int64 in [35_000, 95_000, -5_000, .max, .min] {
            let rules = PlanValidator.check([PlanLine(item: "kita", amountCents: amount)], against: planner, requireBalance: true).violations.map(
                \.rule)
            #expect(rules == [.outOfRange], "\(amount)")
        }
    }

    @Test func draftsMayBeUnbalancedButSubmissionsMayNot() throws {
        let planner = try PlannerFixture.planner()
        let lines = [PlanLine(item: "kita", amountCents: 90_000)]
        #expect(PlanValidator.check(lines, against: planner, requireBalance: false).violations.isEmpty)
        #expect(PlanValidator.check(lines, against: planner, requireBalance: true).violations.map(\.rule) == [.unbalanced])
    }

    @Test func aMaxDeficitAllowsExactlyThatDeficit() throws {
        let planner = try PlannerFixture.planner(rule: "max_deficit", maxDeficitCents: 10_000)
        #expect(PlanValidator.check([PlanLine(item: "kita", amountCents: 70_000)], against: planner, requireBalance: true).violations.isEmpty)
        let over = PlanValidator.check([PlanLine(item: "kita", amountCents: 75_000)], against: planner, requireBalance: true).violations
        #expect(over.map(\.rule) == [.unbalanced])
        #expect(over.first?.message.contains("exceeds the allowed 10000 cents by 5000 cents") == true)
    }
}
