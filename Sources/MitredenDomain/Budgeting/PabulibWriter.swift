/// Writes Pabulib `.pb` files (SPEC §1.7): UTF-8 without byte-order mark, LF line endings.
public enum PabulibWriter {
    /// The `.pb` text of `election`, such that `PabulibParser.parse` of it equals `election`.
    ///
    /// META starts with the mandatory keys (`num_projects`, `num_votes`, `budget` and
    /// `vote_type` recomputed from the data), followed by the other keys in their order.
    /// Numbers are written exactly: integers without a decimal point, others as the shortest
    /// exact decimal.
    ///
    /// - Throws: `PabulibWriteError` when a cost, the budget or a point value has no finite
    ///   decimal form (for example 1/3), or a voted project id cannot appear in a `vote` list.
    public static func write(_ election: PabulibElection) throws(PabulibWriteError) -> String {
        var output = try head(of: election, voteCount: election.votes.count)
        for vote in election.votes { output += try row(vote, of: election) }
        return output
    }

    /// META, PROJECTS and the VOTES header: everything before the first vote, so a large
    /// election can be written vote by vote (``row(_:of:)``) without holding its votes.
    public static func head(of election: PabulibElection, voteCount: Int) throws(PabulibWriteError) -> String {
        var output = ""
        func writeRow(_ fields: [String]) {
            output += fields.map(escaped).joined(separator: ";")
            output += "\n"
        }

        writeRow(["META"])
        writeRow(["key", "value"])
        let derived = [
            "num_projects": String(election.projects.count),
            "num_votes": String(voteCount),
            "budget": try decimal(election.budget, "budget"),
            "vote_type": election.voteType.rawValue,
        ]
        for key in PabulibMeta.mandatoryKeys {
            if let value = derived[key] ?? election.meta[key] { writeRow([key, value]) }
        }
        for entry in election.meta.entries where !PabulibMeta.mandatoryKeys.contains(entry.key) {
            writeRow([entry.key, entry.value])
        }

        writeRow(["PROJECTS"])
        writeRow(["project_id", "cost"] + election.projectColumns)
        for project in election.projects {
            let cost = try decimal(project.cost, "cost of project \"\(project.id)\"")
            writeRow([project.id, cost] + election.projectColumns.map { project.fields[$0] ?? "" })
        }

        writeRow(["VOTES"])
        writeRow(["voter_id", "vote"] + (election.voteType.carriesPoints ? ["points"] : []) + election.voteColumns)
        return output
    }

    /// One line of the VOTES section for `vote`, in the columns ``head(of:voteCount:)`` wrote.
    public static func row(_ vote: PabulibVote, of election: PabulibElection) throws(PabulibWriteError) -> String {
        if let id = vote.projectIDs.first(where: { $0.contains(",") }) {
            throw .unrepresentableProjectID(id)
        }
        var fields = [vote.voterID, vote.projectIDs.joined(separator: ",")]
        if election.voteType.carriesPoints {
            var points: [String] = []
            for value in vote.points ?? [] {
                points.append(try decimal(value, "points of voter \"\(vote.voterID)\""))
            }
            fields.append(points.joined(separator: ","))
        }
        fields += election.voteColumns.map { vote.fields[$0] ?? "" }
        return fields.map(escaped).joined(separator: ";") + "\n"
    }

    private static func decimal(_ value: Rational, _ what: String) throws(PabulibWriteError) -> String {
        guard let text = value.exactDecimalString else { throw .notADecimal(what, value) }
        return text
    }

    /// Quotes a field that the reader would otherwise split, unquote or trim.
    static func escaped(_ field: String) -> String {
        let needsQuotes =
            field.contains { $0 == ";" || $0 == "\"" || $0.isNewline }
            || field.first?.isWhitespace == true
            || field.last?.isWhitespace == true
        guard needsQuotes else { return field }
        var quoted = "\""
        for character in field {
            quoted.append(character)
            if character == "\"" { quoted.append("\"") }
        }
        return quoted + "\""
    }
}

/// Why an election could not be written as a `.pb` file.
public enum PabulibWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The value has no finite decimal form, so it cannot be written exactly.
    case notADecimal(String, Rational)
    /// The id contains a comma, which separates ids in a `vote` list.
    case unrepresentableProjectID(String)

    public var description: String {
        switch self {
        case .notADecimal(let what, let value):
            "the \(what) (\(value)) has no exact decimal form"
        case .unrepresentableProjectID(let id):
            "project id \"\(id)\" contains a comma and cannot be written in a vote"
        }
    }
}
