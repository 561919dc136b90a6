import Foundation
import MitredenDomain
import MitredenStore

/// The demo's Haushaltsrechner: "Hamburger Haushalt 2027", twelve areas on both sides with a
/// balanced baseline of 11 billion euros, in its voting phase, and plans from three camps of
/// participants (education, saving, climate) cast through the same service as the API,
/// plus a few paper plans entered by staff.
struct DemoPlanner {
    let database: Database
    let clock: AppClock
    let participants: [Account.ID]
    let manager: AuditActor

    static let slug = "hamburger-haushalt-2027"
    /// One million euros, in cents: every item moves in such steps.
    static let million: Int64 = 100_000_000

    static func campaign(phases: [PhaseWindow]) -> CampaignSpec {
        let draft = CampaignDraft(
            slug: slug, title: "Hamburger Haushalt 2027",
            summary: "Stellen Sie den Haushalt der Stadt selbst auf: Am Ende muss die Kasse stimmen.",
            description: "Verschieben Sie Einnahmen und Ausgaben in zwölf Bereichen, begründen Sie Ihre Änderungen und "
                + "vergleichen Sie Ihren Plan mit denen der anderen. Die Ergebnisse gehen an die Bürgerschaft.",
            kind: .dialogue, proposalModeration: .pre, commentModeration: .post)
        return CampaignSpec(unit: "finanzbehoerde", draft: draft, phases: phases)
    }

    static var planner: PlannerSpec {
        func item(
            _ key: String, _ name: String, _ side: PlannerSide, millions: Int64, percent: Int, growth: Int = 150, protected: Bool = false,
            unit: (String, Int64)? = nil, perHousehold: Bool = false
        ) -> PlannerSpec.Item {
            PlannerSpec.Item(
                key: key, name: name, side: side, baselineCents: millions * million, rangePercent: percent, stepCents: million,
                unit: unit?.0, unitCostCents: unit?.1, protected: protected, growthBasisPoints: growth, perHousehold: perHousehold)
        }
        return PlannerSpec(
            title: "Hamburger Haushalt 2027", balanceRule: "balanced", projectionYears: 10, households: 1_000_000,
            areas: [
                .init(
                    key: "steuern", name: "Steuern",
                    items: [
                        item("grundsteuer", "Grundsteuer", .revenue, millions: 500, percent: 20, perHousehold: true),
                        item("gewerbesteuer", "Gewerbesteuer", .revenue, millions: 2_800, percent: 10, growth: 250),
                        item("grunderwerbsteuer", "Grunderwerbsteuer", .revenue, millions: 1_200, percent: 10),
                    ]),
                .init(
                    key: "gebuehren", name: "Gebühren",
                    items: [
                        item("parkgebuehren", "Parkgebühren", .revenue, millions: 60, percent: 50),
                        item("abfallgebuehren", "Abfallgebühren", .revenue, millions: 350, percent: 10),
                    ]),
                .init(
                    key: "zuweisungen", name: "Steueranteile und Zuweisungen",
                    items: [
                        item("steueranteile", "Anteile an Gemeinschaftsteuern", .revenue, millions: 6_000, percent: 0, growth: 200, protected: true)
                    ]),
                .init(
                    key: "beteiligungen", name: "Beteiligungen",
                    items: [item("hafen-dividende", "Dividende der Hafengesellschaft", .revenue, millions: 90, percent: 30, growth: 0)]),
                .init(
                    key: "bildung", name: "Bildung",
                    items: [
                        item("schulen", "Schulen", .expense, millions: 2_700, percent: 10, growth: 200),
                        item("kitas", "Kitas", .expense, millions: 1_100, percent: 15, growth: 250, unit: ("Kita-Platz", 1_200_000)),
                    ]),
                .init(
                    key: "soziales", name: "Soziales",
                    items: [
                        item("grundsicherung", "Grundsicherung", .expense, millions: 1_600, percent: 0, growth: 200, protected: true),
                        item("jugendhilfe", "Kinder- und Jugendhilfe", .expense, millions: 700, percent: 15),
                    ]),
                .init(
                    key: "kultur", name: "Kultur",
                    items: [
                        item("theater-museen", "Theater und Museen", .expense, millions: 300, percent: 20),
                        item("buecherhallen", "Bücherhallen", .expense, millions: 60, percent: 30),
                    ]),
                .init(
                    key: "verkehr", name: "Verkehr",
                    items: [
                        item("oepnv", "Zuschuss zum Nahverkehr", .expense, millions: 900, percent: 15, growth: 300),
                        item("strassen", "Straßen und Brücken", .expense, millions: 350, percent: 30),
                        item("radwege", "Radwege", .expense, millions: 80, percent: 50, unit: ("Kilometer Radweg", 150_000_000)),
                    ]),
                .init(
                    key: "umwelt", name: "Umwelt und Klima",
                    items: [
                        item("gruenflaechen", "Parks und Grünflächen", .expense, millions: 150, percent: 30),
                        item("klimaschutz", "Klimaschutz", .expense, millions: 120, percent: 50),
                    ]),
                .init(
                    key: "sicherheit", name: "Sicherheit",
                    items: [
                        item("polizei", "Polizei", .expense, millions: 1_100, percent: 10),
                        item("feuerwehr", "Feuerwehr", .expense, millions: 450, percent: 10),
                    ]),
                .init(key: "wohnen", name: "Wohnen", items: [item("wohnungsbau", "Wohnungsbauförderung", .expense, millions: 450, percent: 20)]),
                .init(
                    key: "zinsen", name: "Zinsen",
                    items: [item("zinsen", "Zinsen für Kredite", .expense, millions: 940, percent: 0, growth: 100, protected: true)]),
            ])
    }

    /// Defines the planner and casts a plan for most participants; returns how many.
    func seed() async throws -> Int {
        let service = PlannerService(database: database, clock: clock)
        guard let campaign = try await Campaigns.find(slug: Self.slug, on: database) else { return 0 }
        _ = try await service.define(Self.planner, campaign: campaign, by: manager)
        var plans = 0
        for (index, participant) in participants.enumerated() where index % 10 != 9 {
            _ = try await service.saveDraft(campaign: campaign, lines: Self.lines(for: index), by: participant)
            _ = try await service.submit(campaign: campaign, by: participant)
            plans += 1
        }
        for index in 0..<5 {
            _ = try await service.enterPaperPlan(
                campaign: campaign, lines: Self.lines(for: index * 7), channel: .paper, district: "hamm", by: manager)
            plans += 1
        }
        return plans
    }

    /// A balanced plan from one of three camps, varied by the participant's number.
    static func lines(for index: Int) -> [PlanLine] {
        let a = Int64(index % 5), b = Int64(index / 5 % 4)
        func line(_ key: String, _ change: Int64, _ why: String? = nil) -> PlanLine {
            let baseline = planner.areas.flatMap(\.items).first { $0.key == key }!.baselineCents
            return PlanLine(item: key, amountCents: baseline + change * million, justification: why)
        }
        switch index % 3 {
        case 0:
            let kitas = 20 + 10 * a, schools = 10 * b
            return [
                line("kitas", kitas, index % 4 == 0 ? "Jedes Kind braucht einen Kita-Platz in der Nähe." : nil),
                line("schulen", schools),
                line("gewerbesteuer", kitas + schools, index % 6 == 0 ? "Die Wirtschaft profitiert von guter Bildung." : nil),
            ]
        case 1:
            let culture = 10 + 5 * a, roads = 20 + 10 * b
            return [
                line("theater-museen", -culture), line("strassen", -roads, index % 4 == 1 ? "Erst sanieren, dann neu bauen." : nil),
                line("grundsteuer", -(culture + roads) / 2, index % 5 == 1 ? "Wohnen muss bezahlbar bleiben." : nil),
                line("wohnungsbau", (culture + roads) - (culture + roads) / 2),
            ]
        default:
            let bikes = 10 + 5 * a, climate = 10 + 5 * b, transit = 10 * a
            return [
                line("radwege", bikes, index % 4 == 2 ? "Sichere Radwege für alle Stadtteile." : nil), line("klimaschutz", climate),
                line("oepnv", transit), line("parkgebuehren", 20, index % 5 == 2 ? "Wer parkt, soll mehr zahlen." : nil),
                line("strassen", -(bikes + climate + transit - 20)),
            ]
        }
    }
}
