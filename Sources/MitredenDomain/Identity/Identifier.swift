import Foundation

/// The id of one kind of thing: `Proposal.ID`, `Comment.ID`, … all wrap a UUID, but the
/// compiler keeps them apart, so a comment's id can't be passed where a proposal's is
/// meant. Written lower-case everywhere (JSON, logs, audit targets), as the API shows it.
public struct Identifier<Kind>: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let uuid: UUID

    public init(_ uuid: UUID) { self.uuid = uuid }

    /// A fresh random id (tests, imports).
    public static func random() -> Self { Self(UUID()) }

    /// Parses the text form; nil for anything that is not a UUID.
    public init?(_ text: String) {
        guard let uuid = UUID(uuidString: text) else { return nil }
        self.uuid = uuid
    }

    /// The lower-case text form.
    public var description: String { uuid.uuidString.lowercased() }

    /// The upper-case text form, as `UUID` writes it.
    public var uuidString: String { uuid.uuidString }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.uuid.uuidString < rhs.uuid.uuidString }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let uuid = UUID(uuidString: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an id (UUID)"))
        }
        self.uuid = uuid
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

// The kinds of things with ids. Each is only a name space for its `ID`; the records that
// carry the data live with the services that store them.

/// A person's account (participant or staff).
public enum Account { public typealias ID = Identifier<Account> }
/// An organisational unit (a department or district office).
public enum OrganizationUnit { public typealias ID = Identifier<OrganizationUnit> }
/// A consultation: a dialogue or a participatory budget.
public enum Campaign { public typealias ID = Identifier<Campaign> }
/// A district or other area of a budget campaign, with a budget of its own.
public enum BudgetArea { public typealias ID = Identifier<BudgetArea> }
/// A citizen's (or a clerk's, on someone's behalf) proposal.
public enum Proposal { public typealias ID = Identifier<Proposal> }
/// A comment on a proposal, or a reply to one.
public enum Comment { public typealias ID = Identifier<Comment> }
/// An entry of the moderation queue.
public enum ModerationItem { public typealias ID = Identifier<ModerationItem> }
/// A participant's budget ballot in one area.
public enum Ballot { public typealias ID = Identifier<Ballot> }
/// A frozen, reproducible result computation.
public enum ResultRun { public typealias ID = Identifier<ResultRun> }
/// A logged-in session.
public enum Session { public typealias ID = Identifier<Session> }
/// A campaign's budget planner (Haushaltsrechner).
public enum Planner { public typealias ID = Identifier<Planner> }
/// A citizen's budget plan in a planner, draft or submitted, or a paper plan.
public enum Plan { public typealias ID = Identifier<Plan> }
