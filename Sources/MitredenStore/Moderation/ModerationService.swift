import Foundation
import MitredenDomain

/// A moderator's decision as submitted.
public struct DecisionInput: Sendable {
    public var decision: ModerationDecision
    public var reason: ReasonCode?
    public var note: String?
    public var mergeInto: Proposal.ID?
    /// The revision of the item the moderator judged; nil when unknown (then a claim's
    /// revision stands in, and content edited while it waited is refused).
    public var revision: Int?
    public init(
        decision: ModerationDecision, reason: ReasonCode? = nil, note: String? = nil, mergeInto: Proposal.ID? = nil, revision: Int? = nil
    ) {
        self.decision = decision
        self.reason = reason
        self.note = note
        self.mergeInto = mergeInto
        self.revision = revision
    }
}

/// The moderation queue for the API and the CLI. Moderators act on the campaigns of their
/// own units; admins on all. Every decision is audited and told to the author.
public struct ModerationService: Sendable {
    public let database: Database
    public let clock: AppClock
    public static let defaultLease: TimeInterval = 600

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// The units whose queue the account works on (nil: all, for admins); a 403 for
    /// accounts that moderate nowhere.
    public static func units(of account: AccountRecord) throws -> [String]? {
        if account.isAdmin { return nil }
        let units = account.memberships.filter { $0.role == .moderator }.map(\.unitSlug)
        guard !units.isEmpty else { throw ServiceError.forbidden("only moderators may do this") }
        return units
    }

    /// Open items, oldest first, of the account's units; all of them for an operator at the
    /// command line (`account` nil).
    public func items(for account: AccountRecord?, campaign: String?, limit: Int = 100) async throws -> [ModerationItemRecord] {
        let units = try account.map(Self.units(of:)) ?? nil
        return try await ModerationQueue.open(units: units, campaign: campaign, limit: limit, on: database)
    }

    /// The item an operator names: by its own id, or by the id of the proposal or comment
    /// it is about (the open item).
    public func item(named reference: String) async throws -> ModerationItemRecord {
        guard let uuid = UUID(uuidString: reference) else { throw ServiceError.invalid("id", "'\(reference)' is not an id (UUID)") }
        if let item = try await ModerationQueue.find(ModerationItem.ID(uuid), on: database) { return item }
        guard let item = try await ModerationQueue.openItem(about: uuid, on: database) else {
            throw ServiceError.notFound("no moderation item \(reference)")
        }
        return item
    }

    /// Up to `limit` items leased to the moderator; concurrent claims get disjoint items.
    public func claim(for account: AccountRecord, campaign: String? = nil, limit: Int, lease: TimeInterval? = nil) async throws
        -> [ModerationItemRecord]
    {
        let limit = try PageSize.resolve(limit)
        let lease = lease ?? Self.defaultLease
        guard (10...86_400).contains(lease) else {
            throw ServiceError.invalid([.init(field: "leaseSeconds", message: "must be between 10 and 86400")])
        }
        return try await ModerationQueue.claim(
            for: account.id, units: try Self.units(of: account), campaign: campaign, limit: limit, lease: lease, now: clock.now, on: database)
    }

    /// Applies a decision to the item's content; a later decision may reverse an earlier one.
    public func decide(_ itemID: ModerationItem.ID, _ input: DecisionInput, by actor: AuditActor, account: AccountRecord?) async throws
        -> ModerationItemRecord
    {
        if let account {
            let units = try Self.units(of: account)
            guard let item = try await ModerationQueue.find(itemID, on: database), units == nil || units!.contains(item.unitSlug) else {
                throw ServiceError.notFound("no moderation item \(itemID.uuidString.lowercased())")
            }
        }
        var problems: [FieldProblem] = []
        if input.decision == .reject && input.reason == nil {
            problems.append(.init(field: "reasonCode", message: "a rejection needs a reason code"))
        }
        if input.decision == .merge && input.mergeInto == nil {
            problems.append(.init(field: "mergeInto", message: "name the proposal to merge into"))
        }
        if let note = input.note, note.codePoints > 2000 { problems.append(.init(field: "note", message: "must have at most 2000 characters")) }
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        let now = clock.now
        return try await database.withTransaction { tx in
            guard let item = try await ModerationQueue.lock(itemID, on: tx) else {
                throw ServiceError.notFound("no moderation item \(itemID.uuidString.lowercased())")
            }
            if item.decidedAt == nil { try Self.checkDecidable(item, input, by: account, now: now) }
            let outcome = try await ModerationEffects(tx: tx, now: now).apply(input, to: item)
            try await ModerationQueue.decide(
                itemID, input.decision, reason: input.reason, note: input.note, mergeInto: input.mergeInto,
                by: actor.accountID, now: now, on: tx)
            try await Audit.record(
                "moderation.\(input.decision.rawValue)", target: (item.targetType.rawValue, item.targetID.uuidString.lowercased()), by: actor,
                reason: [input.reason?.rawValue, input.note].compactMap { $0 }.joined(separator: ": "), now: now, on: tx
            )
            if let author = outcome.author, let account = try await Accounts.find(id: author, on: tx), let email = account.email {
                let mail = ModerationMail.render(
                    decision: input.decision, content: outcome.content, reason: input.reason, note: input.note,
                    mergeInto: input.mergeInto, displayName: account.displayName ?? "", in: account.language)
                try await Outbox.enqueue(mail, to: email, account: author, now: now, on: tx)
            }
            guard let decided = try await ModerationQueue.find(itemID, on: tx) else { throw ServiceError.notFound("no moderation item") }
            return decided
        }
    }
}

extension ModerationService {
    /// An open item is decided by the moderator holding its claim (or an admin, or an
    /// operator at the command line) and only on the text the moderator saw: content edited
    /// since is refused, so pre-moderation cannot be bypassed by an edit after review.
    static func checkDecidable(_ item: ModerationItemRecord, _ input: DecisionInput, by account: AccountRecord?, now: Date) throws(ServiceError) {
        if let holder = item.claimedBy, let lease = item.leaseUntil, lease > now, let account, holder != account.id, !account.isAdmin {
            throw .conflict(.state, "another moderator holds this item until \(lease.formatted(.iso8601)); it is theirs to decide until then")
        }
        let seen = input.revision ?? (item.claimedBy != nil && item.claimedBy == account?.id ? item.claimedRevision : nil)
        if let seen, seen != item.revision {
            throw .conflict(
                .state,
                "the content was edited after you saw it (revision \(seen), now \(item.revision)); load the item again and decide on its new text")
        }
        if seen == nil, item.revision > 0 {
            throw .conflict(
                .state, "the content was edited while it waited (revision \(item.revision)); load the item and send the revision you judged")
        }
    }
}

extension ModerationService {
    /// Response times of one campaign over the last `days` days, for its unit's moderators.
    public func stats(campaign slug: String, days: Int, for account: AccountRecord) async throws -> ModerationStatsRecord {
        guard (1...366).contains(days) else { throw ServiceError.invalid([.init(field: "days", message: "must be between 1 and 366")]) }
        let units = try Self.units(of: account)
        guard let campaign = try await Campaigns.find(slug: slug, on: database),
            units == nil || units!.contains(campaign.unitSlug)
        else { throw ServiceError.notFound("no campaign '\(slug)'") }
        let now = clock.now
        return try await ModerationStats.stats(campaign: campaign.id, since: now.addingTimeInterval(-Double(days) * 86_400), now: now, on: database)
    }
}
