import Foundation
import MitredenDomain
import PostgresNIO

/// A proposal's vote counts after a participant's action, and what the participant holds.
public struct VoteState: Sendable, Equatable {
    public var proposalID: Proposal.ID
    public var supported: Bool
    public var rating: Int?
    public var supports: Int
    public var pro: Int
    public var contra: Int
}

/// Supports and pro/contra ratings, shared by the API and tests. Callers establish that
/// the account is a verified participant; this checks the proposal, the phase and the
/// campaign's limits, and writes vote and counters in one transaction.
public struct VoteService: Sendable {
    public let database: Database
    public let clock: AppClock
    /// The API's limits on participants' writes; none for the command line.
    public var writeLimits = WriteLimits.unlimited

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// Supports the proposal; supporting it again changes nothing (idempotent).
    public func support(_ proposal: Proposal.ID, by account: Account.ID) async throws -> VoteState {
        let now = clock.now
        let bindings = VoteStatements.bindings(proposal, account, now, writeLimits.spans(.vote))
        return try await database.withTransaction { tx in
            let column = try await Self.row(of: VoteStatements.AddSupport.self, bindings, on: tx)
            let campaign = try decide(.support, VoteStatements.Context(column), proposal: proposal, now: now)
            let (added, held): (Int, Int?) = (try column("added"), try column("held"))
            if added > 0, let limit = campaign.settings.supportsPerParticipant, (held ?? 0) + 1 > limit {
                // Thrown inside the transaction: the support just inserted is rolled back.
                throw ServiceError.conflict(
                    .limitReached,
                    "each participant may support at most \(limit) proposals of this campaign (supportsPerParticipant = \(limit)); withdraw a support first"
                )
            }
            // The counters as the statement found them, plus this support.
            return VoteState(
                proposalID: proposal, supported: true, rating: try column("rating"),
                supports: try column("supports", as: Int.self) + added, pro: try column("pro"), contra: try column("contra"))
        }
    }

    /// A page of the account's supports, newest first, each with its proposal's campaign.
    public func supports(of account: Account.ID, after: ActivityCursor?, limit: Int) async throws -> ActivityPage<MySupport> {
        try await MyVotes.supports(of: account, after: after, limit: limit, on: database)
    }

    /// Withdraws the support; withdrawing one that does not exist changes nothing.
    public func unsupport(_ proposal: Proposal.ID, by account: Account.ID) async throws {
        let now = clock.now
        let bindings = VoteStatements.bindings(proposal, account, now, writeLimits.spans(.vote))
        try await database.withTransaction { tx in
            let column = try await Self.row(of: VoteStatements.RemoveSupport.self, bindings, on: tx)
            try decide(.support, VoteStatements.Context(column), proposal: proposal, now: now)
        }
    }

    /// Rates the proposal pro (1) or contra (−1), replacing an earlier rating.
    public func rate(_ proposal: Proposal.ID, value: Int, by account: Account.ID) async throws -> VoteState {
        guard value == 1 || value == -1 else { throw ServiceError.invalid([.init(field: "value", message: "must be 1 or -1")]) }
        let now = clock.now
        var bindings = VoteStatements.bindings(proposal, account, now, writeLimits.spans(.vote))
        bindings.append(value)
        return try await database.withTransaction { tx in
            let column = try await Self.row(of: VoteStatements.Rate.self, bindings, on: tx)
            try decide(.rate, VoteStatements.Context(column), proposal: proposal, now: now)
            // The counters as the statement found them, moved by this rating's change.
            let previous: Int? = try column("previous")
            let (pro, contra): (Int, Int) = (try column("pro"), try column("contra"))
            let moved = { (side: Int) in (value == side ? 1 : 0) - (previous == side ? 1 : 0) }
            return VoteState(
                proposalID: proposal, supported: try column("supported"), rating: value,
                supports: try column("supports"), pro: pro + moved(1), contra: contra + moved(-1))
        }
    }

    /// Removes the rating; removing none changes nothing.
    public func unrate(_ proposal: Proposal.ID, by account: Account.ID) async throws {
        let now = clock.now
        let bindings = VoteStatements.bindings(proposal, account, now, writeLimits.spans(.vote))
        try await database.withTransaction { tx in
            let column = try await Self.row(of: VoteStatements.Unrate.self, bindings, on: tx)
            try decide(.rate, VoteStatements.Context(column), proposal: proposal, now: now)
        }
    }

    /// The one row a vote statement returns, read by column name.
    private static func row<Text: StatementText>(of text: Text.Type, _ bindings: PostgresBindings, on tx: Transaction) async throws
        -> NamedColumns
    {
        guard let row = try await tx.rows(text, bindings).first else { throw ServiceError.unexpected("a vote statement returned no row") }
        return NamedColumns(row)
    }

    /// The refusals in the order participants meet them: too many attempts (429), a
    /// proposal nobody else may see — pending, hidden, rejected — (404), a withdrawn one
    /// (409), ratings where the campaign takes none (409), then the campaign's phase. Returns the campaign's phase context. A refusal
    /// thrown here rolls back the statement's writes.
    @discardableResult
    private func decide(_ action: ParticipantAction, _ context: VoteStatements.Context, proposal: Proposal.ID, now: Date) throws -> PhaseContext {
        try writeLimits.judge(.vote, counts: context.attempts, now: now)
        guard context.found, context.published, let campaign = context.phase else {
            throw ServiceError.notFound("no proposal \(proposal.uuidString.lowercased())")
        }
        guard !context.withdrawn else { throw ServiceError.conflict(.state, "the proposal was withdrawn; it takes no more votes") }
        if action == .rate, !campaign.settings.ratingsEnabled {
            throw ServiceError.conflict(.state, "this campaign does not take pro/contra ratings (settings.ratingsEnabled is false)")
        }
        do {
            try PhaseRules.require(action, in: campaign, at: now)
        } catch {
            throw ServiceError.phaseClosed(error)
        }
        return campaign
    }
}
