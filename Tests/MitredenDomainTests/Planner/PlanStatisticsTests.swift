import MitredenDomain
import Testing

@Suite struct PlanStatisticsTests {
    static func vector(_ planner: PlannerDefinition, _ amounts: [String: Int64], district: String? = nil) -> PlanVector {
        PlanVector(
            changes: planner.items.map { (amounts[$0.key] ?? $0.baselineCents) - $0.baselineCents },
            balanceCents: PlanValidator.balance(of: amounts, in: planner), district: district)
    }

    @Test func perItemCountsQuartilesMedianAndMeanAreExact() throws {
        let planner = try PlannerFixture.planner()
        let kita: [Int64] = [40_000, 60_000, 65_000, 70_000, 90_000]
        let plans = kita.map { Self.vector(planner, ["kita": $0]) }
        let summary = PlanStatistics.summary(of: plans, planner: planner)
        let item = try #require(summary.items.first { $0.item == "kita" })
        #expect((item.raised, item.lowered, item.kept) == (3, 1, 1))
        // Changes −20,000, 0, 5,000, 10,000, 30,000; nearest rank: ⌈n/4⌉ = 2, ⌈n/2⌉ = 3, ⌈3n/4⌉ = 4.
        #expect((item.lowerQuartileCents, item.medianCents, item.upperQuartileCents) == (0, 5_000, 10_000))
        #expect(item.meanCents == 5_000)
        #expect(item.histogram.reduce(0, +) == 5)
        #expect(summary.plans == 5)
        #expect(summary.balancedPlans == 2)
        #expect(summary.medianBalanceCents == -5_000)
    }

    /// The summary sorts only the changes that are not zero; its counts and quartiles
    /// equal those of a full sort, for mostly-kept, mostly-changed and all-kept items.
    @Test(arguments: [0, 1, 5, 9, 10])
    func quartilesEqualAFullSortHoweverManyChangesAreZero(keptInTen: Int) throws {
        let planner = try PlannerFixture.planner()
        var state: UInt64 = 2009 &+ UInt64(keptInTen)
        func next(_ bound: Int64) -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((state >> 33) % UInt64(bound))
        }
        // Kita moves in 5,000 steps within 40,000–90,000 (baseline 60,000).
        let kita = (0..<997).map { _ in next(10) < keptInTen ? 60_000 : 40_000 + next(11) * 5_000 }
        let summary = PlanStatistics.summary(of: kita.map { Self.vector(planner, ["kita": $0]) }, planner: planner)
        let item = try #require(summary.items.first { $0.item == "kita" })
        let sorted = kita.map { $0 - 60_000 }.sorted()
        #expect(item.raised == sorted.count { $0 > 0 } && item.lowered == sorted.count { $0 < 0 } && item.kept == sorted.count { $0 == 0 })
        #expect(item.lowerQuartileCents == PlanStatistics.nearestRank(sorted, numerator: 1, denominator: 4))
        #expect(item.medianCents == PlanStatistics.nearestRank(sorted, numerator: 1, denominator: 2))
        #expect(item.upperQuartileCents == PlanStatistics.nearestRank(sorted, numerator: 3, denominator: 4))
    }

    @Test func nearestRankMatchesPercentileDisc() {
        #expect(PlanStatistics.nearestRank([1, 2, 3, 4], numerator: 1, denominator: 2) == 2)
        #expect(PlanStatistics.nearestRank([1, 2, 3, 4, 5], numerator: 1, denominator: 4) == 2)
        #expect(PlanStatistics.nearestRank([7], numerator: 3, denominator: 4) == 7)
        #expect(PlanStatistics.nearestRank([], numerator: 1, denominator: 2) == nil)
    }

    @Test func districtsUnderFiveAreMergedAndASmallMergedGroupTakesTheSmallestDistrictAlong() throws {
        let planner = try PlannerFixture.planner()
        func plans(_ counts: [(String?, Int)]) -> [PlanVector] {
            counts.flatMap { district, count in (0..<count).map { _ in Self.vector(planner, [:], district: district) } }
        }
        // Bergedorf (2) and no district (3) make five: enough on their own.
        var districts = PlanStatistics.summary(of: plans([("Altona", 5), ("Bergedorf", 2), (nil, 3)]), planner: planner).districts
        #expect(districts.map(\.district) == ["Altona", ""])
        #expect(districts.map(\.plans) == [5, 5])
        // Bergedorf (2) and no district (1) make three: the smallest district, Altona, joins them.
        districts = PlanStatistics.summary(of: plans([("Altona", 5), ("Barmbek", 6), ("Bergedorf", 2), (nil, 1)]), planner: planner).districts
        #expect(districts.map(\.district) == ["Barmbek", ""])
        #expect(districts.map(\.plans) == [6, 8])
        #expect(districts.allSatisfy { $0.plans >= PlanStatistics.smallestDistrictGroup })
    }

    @Test func typicalPlansAreDeterministicAndFindTheTwoCamps() throws {
        let planner = try PlannerFixture.planner(rule: "free")
        // Two camps: more Kita paid by tax, or less culture and lower tax; each spread out.
        var plans: [PlanVector] = []
        for index in 0..<30 {
            plans.append(Self.vector(planner, ["kita": 75_000 + Int64(index % 10) * 1_000, "grundsteuer": 90_000 + Int64(index % 7) * 1_000]))
            plans.append(Self.vector(planner, ["kultur": 20_000 + Int64(index % 9) * 1_000, "grundsteuer": 64_000 + Int64(index % 8) * 1_000]))
        }
        let first = PlanStatistics.summary(of: plans, planner: planner)
        let second = PlanStatistics.summary(of: plans, planner: planner)
        #expect(first == second)
        #expect(first.typicalPlans.count == 2, "\(first.typicalPlans.map(\.plans))")
        #expect(first.typicalPlans.map(\.plans) == [30, 30])
        let kitaCamp = try #require(first.typicalPlans.first { ($0.changes["kita"] ?? 0) > 0 })
        #expect((kitaCamp.changes["grundsteuer"] ?? 0) > 0)
        let mine = Self.vector(planner, ["kita": 85_000, "grundsteuer": 95_000])
        #expect(first.nearestTypical(to: mine.changes, in: planner)?.number == kitaCamp.number)
    }

    @Test func fewerThanThreePlansHaveNoTypicalPlans() throws {
        let planner = try PlannerFixture.planner()
        #expect(PlanStatistics.summary(of: [Self.vector(planner, [:])], planner: planner).typicalPlans.isEmpty)
        #expect(PlanStatistics.summary(of: [], planner: planner).medianBalanceCents == nil)
    }
}
