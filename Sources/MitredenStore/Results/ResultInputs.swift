import Crypto
import Foundation
import MitredenDomain
import PostgresNIO

/// Exactly what a result rule runs on for one area: its budget, the proposals that can be
/// funded and every ballot cast there, read in one snapshot.
public struct ResultInput: Sendable {
    public struct Project: Sendable, Equatable {
        public var id: Proposal.ID
        public var reference: String?
        public var title: String
        public var costCents: Int64
        /// The id the rules see and break ties by: the Pabulib id where there is one.
        public var ruleID: String { reference ?? id.uuidString.lowercased() }
    }
    public var voteType: BudgetVoteType
    public var budgetCents: Int64
    public var projects: [Project]
    /// One entry per ballot: (proposal, points as an exact decimal) in rank order.
    public var ballots: [[(proposal: Proposal.ID, points: String)]]

    /// SHA-256 over a canonical text form: projects sorted by id, each ballot's choices
    /// sorted (kept in rank order for ordinal votes) and the ballot lines sorted, so the
    /// digest names the input, not the order rows came back in.
    public var digest: String {
        var lines = ["mitreden-result-input 1", "vote_type \(voteType.rawValue)", "budget_cents \(budgetCents)"]
        lines += projects.map { "project \($0.id.uuidString.lowercased()) \($0.ruleID) \($0.costCents)" }.sorted()
        lines += ballots.map { choices in
            var parts = choices.map { "\($0.proposal.uuidString.lowercased()):\($0.points)" }
            if voteType != .ordinal { parts.sort() }
            return "ballot " + parts.joined(separator: ",")
        }.sorted()
        let data = Data(lines.joined(separator: "\n").utf8)
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The election in currency units (cents / 100): `mes_cost_add1` raises each voter's
    /// budget by one currency unit per step (SPEC §3.9), so the unit matters.
    public func election() throws -> BudgetElection {
        let known = Dictionary(uniqueKeysWithValues: projects.map { ($0.id, $0.ruleID) })
        let ballots: [BudgetBallot] = self.ballots.map { choices in
            let named = choices.compactMap { choice in known[choice.proposal].map { ($0, choice.points) } }
            switch voteType {
            case .approval, .chooseOne: return .approval(Set(named.map(\.0)))
            case .ordinal: return .ranking(named.map(\.0))
            case .cumulative, .scoring:
                return .points(Dictionary(named.map { ($0.0, Rational(decimal: $0.1) ?? .zero) }, uniquingKeysWith: +))
            }
        }
        return try BudgetElection(
            voteType: voteType, budget: Self.currency(budgetCents),
            projects: projects.map { BudgetProject(id: $0.ruleID, cost: Self.currency($0.costCents)) }, ballots: ballots
        )
    }

    public static func currency(_ cents: Int64) -> Rational {
        Rational(Int(cents)) / Rational(100)
    }
}

/// Reads result inputs from the stored ballots.
public enum ResultInputs {
    /// The input of one area in a repeatable-read snapshot, so projects and ballots agree.
    public static func input(campaign: Campaign.ID, area: BudgetArea.ID, method: BallotMethod?, in database: Database) async throws -> ResultInput {
        try await database.withTransaction(isolation: .repeatableRead) { tx in
            try await read(campaign: campaign, area: area, method: method, on: tx)
        }
    }

    /// The input as `connection` sees it (an export reads it inside its own snapshot).
    /// Without `ballots`, only the budget, vote type and projects (an export streams the
    /// ballots after them).
    public static func read(
        campaign: Campaign.ID, area: BudgetArea.ID, method: BallotMethod?, ballots withBallots: Bool = true, on tx: Transaction
    ) async throws -> ResultInput {
        do {
            let budget = try await tx.query("SELECT budget_cents FROM budget_areas WHERE id = \(area)")[0]
                .decode(Int64.self)
            let imported = try await tx.query("SELECT vote_type FROM pabulib_sources WHERE area_id = \(area)")
                .first?.decode(String.self)
            let voteType = imported.flatMap(BudgetVoteType.init(rawValue:)) ?? (method == .cumulative ? .cumulative : .approval)
            // The projects of the election are exactly what the ballot offered.
            let projects = try await Ballots.options(campaign: campaign, area: area, on: tx).map {
                ResultInput.Project(id: $0.id, reference: $0.reference, title: $0.title, costCents: $0.costCents)
            }
            var ballots: [[(proposal: Proposal.ID, points: String)]] = []
            if withBallots { try await eachBallot(area: area, on: tx) { ballots.append($0) } }
            return ResultInput(voteType: voteType, budgetCents: budget, projects: projects, ballots: ballots)
        }
    }

    /// Every ballot of the area, one at a time (an export streams them): imported ballots in
    /// their file's order, cast ones by a keyed hash of their id (the area's secret
    /// `shuffle_key`, Schema 0020), an order that says nothing about when anyone voted and
    /// is the same on every read.
    public static func eachBallot(
        area: BudgetArea.ID, on tx: Transaction, _ body: ([(proposal: Proposal.ID, points: String)]) async throws -> Void
    ) async throws {
        var current: Ballot.ID?
        var choices: [(proposal: Proposal.ID, points: String)] = []
        let rows = try await tx.stream(
            """
            SELECT b.id, c.proposal_id, c.points::text FROM ballots b LEFT JOIN ballot_choices c ON c.ballot_id = b.id
            LEFT JOIN area_export_keys k ON k.area_id = b.area_id
            WHERE b.area_id = \(area)
            ORDER BY b.position NULLS LAST, sha256(convert_to(coalesce(k.shuffle_key, '') || b.id::text, 'UTF8')), b.id, c.rank
            """)
        for try await row in rows {
            let (ballot, proposal, points) = try row.decode((Ballot.ID, Proposal.ID?, String?).self)
            if ballot != current {
                if current != nil { try await body(choices) }
                choices = []
                current = ballot
            }
            if let proposal, let points { choices.append((proposal, points)) }
        }
        if current != nil { try await body(choices) }
    }
}
