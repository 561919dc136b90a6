extension PabulibParser {
    /// Reads the VOTES section (SPEC §1.6). Every row is a voter, empty ballots included.
    static func readVotes(
        _ section: PabulibSections.Section,
        voteType: BudgetVoteType,
        projects: [String: Int]
    ) throws(PabulibError) -> (rows: [PabulibVote], columns: [String]) {
        let columnIndex = section.columnIndex()
        var required = ["voter_id", "vote"]
        if voteType.carriesPoints { required.append("points") }
        for name in required where columnIndex[name] == nil {
            throw PabulibError(line: section.headerLine, reason: "VOTES header has no \(name) column")
        }
        let voterColumn = columnIndex["voter_id"]!
        let voteColumn = columnIndex["vote"]!
        let pointsColumn = voteType.carriesPoints ? columnIndex["points"] : nil
        let extra = section.columns.indices.filter { column in
            column != voterColumn && column != voteColumn && column != pointsColumn
                && !section.columns[column].isEmpty && columnIndex[section.columns[column]] == column
        }

        var votes: [PabulibVote] = []
        votes.reserveCapacity(section.rows.count)
        for row in section.rows {
            let listed = listItems(row.value(at: voteColumn))
            for id in listed where projects[id] == nil {
                throw PabulibError(line: row.line, reason: "project \"\(id)\" in vote is not in PROJECTS")
            }
            var fields: [String: String] = [:]
            for column in extra {
                if let value = row.value(at: column) { fields[section.columns[column]] = value }
            }
            var vote = PabulibVote(voterID: row.value(at: voterColumn) ?? "", projectIDs: [], fields: fields)
            if voteType.carriesPoints {
                vote.points = try points(listItems(row.value(at: pointsColumn)), for: listed, line: row.line)
                vote.projectIDs = listed
            } else {
                // Approval ballots such as `7,3,7,3,7` mean {7, 3}; a ranking keeps the first place.
                var seen = Set<String>(minimumCapacity: listed.count)
                vote.projectIDs = listed.filter { seen.insert($0).inserted }
            }
            votes.append(vote)
        }
        return (votes, extra.map { section.columns[$0] })
    }

    /// The points of a cumulative or scoring vote, aligned with its project ids.
    private static func points(
        _ items: [String],
        for ids: [String],
        line: Int
    ) throws(PabulibError) -> [Rational] {
        guard items.count == ids.count else {
            throw PabulibError(
                line: line,
                reason: "vote lists \(ids.count) project(s) but points lists \(items.count) value(s)"
            )
        }
        var seen = Set<String>(minimumCapacity: ids.count)
        for id in ids where !seen.insert(id).inserted {
            throw PabulibError(line: line, reason: "project \"\(id)\" appears more than once in a vote with points")
        }
        var points: [Rational] = []
        points.reserveCapacity(items.count)
        for item in items {
            guard let value = Rational(decimal: item), !value.isNegative else {
                throw PabulibError(line: line, reason: "points value \"\(item)\" is not a number of at least 0")
            }
            points.append(value)
        }
        return points
    }

    /// The comma-separated items of a `vote` or `points` cell, trimmed, empty ones dropped.
    private static func listItems(_ cell: String?) -> [String] {
        guard let cell else { return [] }
        return cell.unicodeScalars.split(separator: ",").compactMap { scalars in
            var item = Substring(scalars)
            while item.first?.isWhitespace == true { item.removeFirst() }
            while item.last?.isWhitespace == true { item.removeLast() }
            return item.isEmpty ? nil : String(item)
        }
    }
}
