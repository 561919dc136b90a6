import Foundation
import MitredenDomain
import MitredenStore

/// A campaign as `campaign show` prints it for staff at a terminal.
enum CampaignDescription {
    static func text(of campaign: CampaignRecord, now: Date) -> String {
        let fields = campaign.fields
        let context = campaign.phaseContext
        let current = context.schedule.current(at: now)
        let can = PhaseRules.capabilities(of: context, at: now)
        let open = [
            ("submit proposals", can.submitProposal), ("comment", can.comment), ("support", can.support),
            ("rate", can.rate), ("vote", can.vote), ("see results", can.seeResults), ("submit a budget plan", can.plan),
        ]
        .filter(\.1).map(\.0)
        var lines = [
            "\(fields.slug) — \(fields.title)",
            "  unit: \(campaign.unitSlug)   kind: \(fields.kind.rawValue)   status: \(campaign.status.rawValue)",
            "  moderation: proposals \(fields.proposalModeration.rawValue), comments \(fields.commentModeration.rawValue)",
            "  now: \(current?.kind.rawValue ?? "no phase running"); participants can: \(open.isEmpty ? "nothing" : open.joined(separator: ", "))",
            "  phases:",
        ]
        let formatter = ISO8601DateFormatter()
        for window in campaign.phases {
            let marker = window == current ? "▶" : " "
            lines.append(
                "   \(marker) \(window.kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) "
                    + "\(formatter.string(from: window.startsAt)) – \(formatter.string(from: window.endsAt))")
        }
        if !campaign.categories.isEmpty {
            lines.append("  categories: " + campaign.categories.map { "\($0.slug) (\($0.name))" }.joined(separator: ", "))
        }
        for area in campaign.areas {
            lines.append("  area \(area.slug): \(area.name), budget \(euros(area.budgetCents))")
        }
        if let ballot = fields.settings.ballot {
            lines.append("  ballot: \(ballot.method.rawValue)\(ballot.oneAreaOnly ? ", one area per participant" : "")")
        }
        return lines.joined(separator: "\n")
    }

    static func euros(_ cents: Int64) -> String {
        let whole = cents / 100, rest = cents % 100
        return rest == 0 ? "\(whole) €" : "\(whole).\(rest < 10 ? "0" : "")\(rest) €"
    }
}
