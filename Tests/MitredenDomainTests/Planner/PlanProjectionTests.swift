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

    /// The integer path of the projection gives what the exact fraction rounds to, for
    /// growth up and down, over the years a planner may project.
    @Test func theIntegerProjectionEqualsTheRoundedFraction() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let cents = Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &generator)
            let growth = Int.random(in: -2_000...2_000, using: &generator)
            let years = Int.random(in: 0...30, using: &generator)
            let fraction = Rational(numerator: BigInt(cents) * BigInt(10_000 + growth).power(years), denominator: BigInt(10_000).power(years))
            #expect(
                PlanProjection.project(cents, growthBasisPoints: growth, years: years) == Int64(PlanProjection.roundedHalfAway(fraction)),
                "\(cents) at \(growth) bp over \(years) years")
        }
    }

    /// `years(of:)` carries each item's growth from year to year; it equals projecting each
    /// year on its own.
    @Test func theYearsEqualEachYearProjectedOnItsOwn() throws {
        let planner = try PlannerFixture.planner()
        let amounts = Dictionary(uniqueKeysWithValues: planner.items.map { ($0.key, $0.baselineCents + 12_345) })
        let expected = (0...planner.projectionYears).map { year in
            planner.items.reduce(into: (revenue: Int64(0), expense: Int64(0))) { sums, item in
                let value = PlanProjection.project(amounts[item.key]!, growthBasisPoints: item.growthBasisPoints, years: year)
                if item.side == .revenue { sums.revenue += value } else { sums.expense += value }
            }
        }
        let years = PlanProjection.years(of: amounts, in: planner)
        #expect(years.map(\.revenueCents) == expected.map(\.revenue))
        #expect(years.map(\.expenseCents) == expected.map(\.expense))
    }
}
