import Crypto
import Foundation
import MitredenDomain

/// What a proposal is made of when it is written or edited; slugs name the campaign's
/// category and area.
public struct ProposalDraft: Sendable, Equatable {
    public var title: String
    public var body: String
    public var category: String?
    public var area: String?
    public var costCents: Int64?
    public var location: GeoLocation?

    public init(
        title: String, body: String = "", category: String? = nil, area: String? = nil,
        costCents: Int64? = nil, location: GeoLocation? = nil
    ) {
        self.title = title
        self.body = body
        self.category = category
        self.area = area
        self.costCents = costCents
        self.location = location
    }
}

/// A stored proposal with its campaign, author and public counts.
public struct ProposalRecord: Sendable, Equatable {
    public var id: Proposal.ID
    public var campaignID: Campaign.ID
    public var campaignSlug: String
    /// The unit that owns the campaign: its moderators moderate the proposal.
    public var campaignUnit: String
    public var fields: ProposalDraft
    public var authorID: Account.ID?
    public var authorName: String?
    public var channel: ContributionChannel
    public var moderationStatus: ModerationStatus
    public var withdrawnAt: Date?
    public var mergedInto: Proposal.ID?
    public var lifecycleStatus: LifecycleStatus
    /// The unit that answers the proposal; the campaign's unit unless staff chose another.
    public var responsibleUnit: String
    public var createdAt: Date
    public var supports: Int
    public var comments: Int
    /// Pro and contra ratings (a dialogue's ranking rule orders by them).
    public var pro: Int
    public var contra: Int
    /// The signed-in reader's support and rating; nil for anonymous readers and wherever
    /// the service did not read them.
    public var mine: MyVote? = nil
}

/// How a list of proposals is ordered.
public enum ProposalSort: String, Sendable, CaseIterable {
    /// Most supports first, ties by id.
    case top
    /// Newest first.
    case new
    /// A shuffle fixed by a seed, so every page of one listing comes from the same order:
    /// the campaign's shuffled order (each proposal draws a random key once), entered at a
    /// place the seed chooses and read round to where it began.
    case random
    /// The campaign's ranking rule: pro minus contra (ties by more pro), or pro only (ties
    /// by fewer contra); then more supports, then the id — the order of the results.
    case ranking
    /// Best match for the searched words first (`ts_rank`: a hit in the title weighs more
    /// than one in the text), ties by id. Only with words to search for.
    case relevance
}

/// Filters and paging of a public proposal list.
public struct ProposalQuery: Sendable {
    public var campaignID: Campaign.ID
    public var category: String?
    public var area: String?
    public var lifecycle: LifecycleStatus?
    public var text: String?
    public var sort: ProposalSort
    /// The campaign's rule, for `ranking`; the service sets it.
    public var rankingRule: RankingRule = .net
    public var seed: String
    public var after: ProposalCursor?
    public var limit: Int

    public init(
        campaignID: Campaign.ID, category: String? = nil, area: String? = nil, lifecycle: LifecycleStatus? = nil,
        text: String? = nil, sort: ProposalSort = .new, seed: String = "", after: ProposalCursor? = nil, limit: Int = 20
    ) {
        self.campaignID = campaignID
        self.category = category
        self.area = area
        self.lifecycle = lifecycle
        self.text = text
        self.sort = sort
        self.seed = seed
        self.after = after
        self.limit = limit
    }

    /// Where in the shuffled order (keys in [0, 1)) a `random` listing with this seed
    /// starts: the seed's SHA-256, read as a fraction.
    public var rotation: Double {
        let bytes = Array(SHA256.hash(data: Data(seed.utf8)).prefix(8))
        let value = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Double(value >> 11) / Double(UInt64(1) << 53)
    }
}

/// Where a page ended: the order it belongs to, the sort key of its last row and its id.
/// Keys are checked on the way in, so a forged cursor is a 422, never a failed cast in SQL.
public struct ProposalCursor: Sendable, Equatable {
    public var sort: ProposalSort
    /// Supports (top), microseconds since 1970 (new), `0:` or `1:` (before or after the
    /// shuffled order wrapped round) and the shuffle key (random), or the ranking's three
    /// integer keys joined by `:` (ranking), or the `ts_rank` of the row (relevance).
    public var key: String
    public var id: Proposal.ID
    public init(sort: ProposalSort, key: String, id: Proposal.ID) { self.sort = sort; self.key = key; self.id = id }

    /// Opaque to clients: base64 of `sort|key|id`.
    public var encoded: String { Data("\(sort.rawValue)|\(key)|\(id.uuidString)".utf8).base64EncodedString() }

    public init?(encoded: String) {
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let sort = ProposalSort(rawValue: parts[0]), let id = Proposal.ID(parts[2]) else { return nil }
        switch sort {
        // Supports are never negative; a negative key is forged (and its negation in SQL
        // could overflow an integer).
        case .top: guard let key = Int32(parts[1]), key >= 0 else { return nil }
        case .new: guard Int64(parts[1]) != nil else { return nil }
        case .random:
            let keys = parts[1].split(separator: ":", omittingEmptySubsequences: false)
            guard keys.count == 2, keys[0] == "0" || keys[0] == "1", let key = Double(keys[1]), key.isFinite, (0..<1).contains(key)
            else { return nil }
        case .ranking:
            let keys = parts[1].split(separator: ":", omittingEmptySubsequences: false)
            // Counters are integers: each key fits one, so the cast in SQL cannot fail.
            guard keys.count == 3, keys.allSatisfy({ Int32($0) != nil }) else { return nil }
        case .relevance:
            // A rank is a non-negative real (PostgreSQL's float4, printed exactly).
            guard let key = Float(parts[1]), key.isFinite, key >= 0 else { return nil }
        }
        self.init(sort: sort, key: parts[1], id: id)
    }
}

/// One page of proposals and the exact number of all that match.
public struct ProposalPage: Sendable {
    public var items: [ProposalRecord]
    public var total: Int
    public var next: ProposalCursor?
}
