/// A participatory-budgeting election as read from, or written to, a Pabulib `.pb` file
/// (SPEC §1): the META keys, the projects and the votes with all their extra columns.
///
/// Rules do not work on this type; `budgetElection()` gives the format-free model they use.
/// Equality is semantic, as the round-trip requirement of SPEC §1.7 defines it: META compared
/// as a dictionary (the derived keys `budget`, `vote_type`, `num_projects` and `num_votes` by
/// the values they describe), exact costs and points, approval ballots as sets. `warnings`
/// describe the text the election was read from and are not part of it.
public struct PabulibElection: Sendable {
    /// All META keys with their values as written, in file order.
    public var meta: PabulibMeta
    /// `vote_type` from META.
    public var voteType: BudgetVoteType
    /// `budget` from META, exact.
    public var budget: Rational
    /// PROJECTS columns other than `project_id` and `cost`, in file order.
    public var projectColumns: [String]
    /// The PROJECTS rows in file order.
    public var projects: [PabulibProject]
    /// VOTES columns other than `voter_id`, `vote` and (for point votes) `points`, in file order.
    public var voteColumns: [String]
    /// The VOTES rows in file order, one per voter.
    public var votes: [PabulibVote]
    /// Problems that did not prevent the import (missing recommended keys, wrong counts).
    public var warnings: [PabulibWarning]

    /// Creates an election from its parts, for example to export data built elsewhere.
    public init(
        meta: PabulibMeta,
        voteType: BudgetVoteType,
        budget: Rational,
        projectColumns: [String] = [],
        projects: [PabulibProject],
        voteColumns: [String] = [],
        votes: [PabulibVote],
        warnings: [PabulibWarning] = []
    ) {
        self.meta = meta
        self.voteType = voteType
        self.budget = budget
        self.projectColumns = projectColumns
        self.projects = projects
        self.voteColumns = voteColumns
        self.votes = votes
        self.warnings = warnings
    }
}

/// One row of PROJECTS.
public struct PabulibProject: Sendable, Hashable {
    /// `project_id`, the first column.
    public var id: String
    /// `cost`, exact.
    public var cost: Rational
    /// Values of the other columns; a missing value (`None`, empty or absent cell) has no entry.
    public var fields: [String: String]

    /// Creates a project row; `fields` holds the other columns by header name.
    public init(id: String, cost: Rational, fields: [String: String] = [:]) {
        self.id = id
        self.cost = cost
        self.fields = fields
    }
}

/// One row of VOTES: one voter.
public struct PabulibVote: Sendable, Hashable {
    /// `voter_id`, opaque and unused by the rules.
    public var voterID: String
    /// The `vote` list: for approval and choose-1 without repeats (first occurrence kept),
    /// for ordinal in rank order without repeats, for point votes aligned with `points`.
    public var projectIDs: [String]
    /// The points of cumulative and scoring votes, aligned with `projectIDs`; otherwise `nil`.
    public var points: [Rational]?
    /// Values of the other columns; a missing value has no entry.
    public var fields: [String: String]

    /// Creates a vote row; `points` only for cumulative and scoring votes.
    public init(voterID: String, projectIDs: [String], points: [Rational]? = nil, fields: [String: String] = [:]) {
        self.voterID = voterID
        self.projectIDs = projectIDs
        self.points = points
        self.fields = fields
    }
}

/// The META section: keys in order, values as written.
public struct PabulibMeta: Sendable, Hashable {
    /// One `key;value` row.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: String
    }

    /// The rows in order, each key once.
    public private(set) var entries: [Entry] = []

    /// Creates META from rows in order; a repeated key keeps its first place and last value.
    public init(_ entries: [(key: String, value: String)] = []) {
        for entry in entries { self[entry.key] = entry.value }
    }

    /// The value of `key`. Setting a key that exists replaces its value in place (a repeated
    /// key in a file keeps its first position and its last value); a new key goes last;
    /// `nil` removes the key.
    public subscript(key: String) -> String? {
        get { entries.first { $0.key == key }?.value }
        set {
            let index = entries.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): entries[index].value = value
            case (let index?, nil): entries.remove(at: index)
            case (nil, let value?): entries.append(Entry(key: key, value: value))
            case (nil, nil): break
            }
        }
    }

    /// The keys the Pabulib standard makes mandatory, in the order export writes them.
    public static let mandatoryKeys = [
        "description", "country", "unit", "instance", "num_projects", "num_votes",
        "budget", "vote_type", "rule", "date_begin", "date_end",
    ]

    /// Keys whose value export recomputes from the data.
    static let derivedKeys: Set<String> = ["num_projects", "num_votes", "budget", "vote_type"]
}

/// A problem in a `.pb` file that did not stop the import.
public struct PabulibWarning: Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line the warning is about, when there is one.
    public var line: Int?
    public var message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String {
        line.map { "line \($0): \(message)" } ?? message
    }
}

/// Why a `.pb` file could not be imported: the 1-based line and a reason for a person.
public struct PabulibError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    /// For example `line 14: project "x9" in vote is not in PROJECTS`.
    public var description: String { "line \(line): \(reason)" }
}
