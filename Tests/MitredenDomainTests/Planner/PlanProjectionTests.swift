import BigInt
import MitredenDomain
import Testing

@Suite struct PlanProjectionTests {
    @Test func projectionGrowsEachItemExactlyAndRoundsOncePerYear() throws {
        let planner = try PlannerFixture.planner()
        let years = PlanProjection.years(of: ["grundsteuer": 80_000], in: planner)
        #expect(years.count == 4)
        // 80,000 · 1.02^y: 81,600; 83,232; 84,896.64 → 84,897.
        #expect(years.map(\.revenueCents) == [100_000, 101_600, 103_232, 104_897])
        #expect(years.map(\.expenseCents) == [100_000, 100_000, 100_000, 100_000])
        #expect(years[3].balanceCents == 4_897)
    }

    @Test func theHouseholdViewDividesTheChangeByHouseholdsAndMonths() throws {
        let planner = try PlannerFixture.planner()
        // +10,000 cents over 10 households and 12 months: 83.33… → 83 cents a month.
        #expect(
            PlanProjection.householdEffects(of: ["grundsteuer": 90_000], in: planner) == [HouseholdEffect(item: "grundsteuer", centsPerMonth: 83)])
        #expect(PlanProjection.householdEffects(of: ["grundsteuer": 79_000], in: planner).first?.centsPerMonth == -8)
    }

    @Test func roundingIsHalfAwayFromZeroLikePostgreSQL() {
        #expect(PlanProjection.roundedHalfAway(Rational(numerator: 5, denominator: 2)) == 3)
        #expect(PlanProjection.roundedHalfAway(Rational(numerator: -5, denominator: 2)) == -3)
        #expect(PlanProjection.roundedHalfAway(Rational(numerator: 7, denominator: 3)) == 2)
        #expect(PlanProjection.roundedHalfAway(Rational(numerator: -7, denominator: 3)) == -2)
    }
}
