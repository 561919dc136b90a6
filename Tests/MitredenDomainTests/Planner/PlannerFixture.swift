import MitredenDomain

/// A small planner for the domain tests: revenue 1,000 € (tax, protected fee), expense
/// 1,000 € (Kita, culture), so the baseline balance is 0.
enum PlannerFixture {
    static func spec(rule: String = "balanced", maxDeficitCents: Int64? = nil) -> PlannerSpec {
        PlannerSpec(
            title: "Testhaushalt", balanceRule: rule, maxDeficitCents: maxDeficitCents, projectionYears: 3, households: 10,
            areas: [
                .init(
                    key: "steuern", name: "Steuern",
                    items: [
                        .init(
                            key: "grundsteuer", name: "Grundsteuer", side: .revenue, baselineCents: 80_000, rangePercent: 25, stepCents: 1_000,
                            growthBasisPoints: 200, perHousehold: true),
                        .init(
                            key: "gebuehr", name: "Gebühr", side: .revenue, baselineCents: 20_000, minCents: 0, maxCents: 40_000, stepCents: 100,
                            protected: true),
                    ]),
                .init(
                    key: "soziales", name: "Soziales",
                    items: [
                        .init(
                            key: "kita", name: "Kita", side: .expense, baselineCents: 60_000, minCents: 40_000, maxCents: 90_000, stepCents: 5_000,
                            unit: "Kita-Platz", unitCostCents: 5_000),
                        .init(
                            key: "kultur", name: "Kultur", side: .expense, baselineCents: 40_000, minCents: 20_000, maxCents: 60_000, stepCents: 2_000
                        ),
                    ]),
            ])
    }

    static func planner(rule: String = "balanced", maxDeficitCents: Int64? = nil) throws -> PlannerDefinition {
        try spec(rule: rule, maxDeficitCents: maxDeficitCents).validated()
    }
}
