/// Reads Pabulib `.pb` files (SPEC §1).
public enum PabulibParser {
    /// Parses the text of a `.pb` file.
    ///
    /// - Returns: The election with every META key, project and vote, and the warnings for
    ///   problems that did not stop the import (missing recommended META keys, `num_projects`
    ///   or `num_votes` that do not match the rows; the actual counts are used).
    /// - Throws: `PabulibError` with the 1-based line and the reason, for example
    ///   `line 14: project "x9" in vote is not in PROJECTS`.
    public static func parse(_ text: String) throws(PabulibError) -> PabulibElection {
        let sections = try PabulibSections(PabulibRecordReader.records(in: text))
        var warnings: [PabulibWarning] = []
        let (meta, metaLines) = readMeta(sections.meta, warnings: &warnings)
        let budget = try readBudget(meta, lines: metaLines, section: sections.meta)
        let voteType = try readVoteType(meta, lines: metaLines, section: sections.meta)
        let projects = try readProjects(sections.projects)
        let votes = try readVotes(sections.votes, voteType: voteType, projects: projects.indexByID)

        for key in PabulibMeta.mandatoryKeys where meta[key] == nil {
            warnings.append(PabulibWarning(line: sections.meta.titleLine, message: "META has no \(key)"))
        }
        let counts = [("num_projects", projects.rows.count), ("num_votes", votes.rows.count)]
        for (key, actual) in counts {
            if let stated = meta[key], Int(stated) != actual {
                warnings.append(
                    PabulibWarning(
                        line: metaLines[key],
                        message: "\(key) is \(stated) but the file has \(actual); using \(actual)"
                    ))
            }
        }
        return PabulibElection(
            meta: meta,
            voteType: voteType,
            budget: budget,
            projectColumns: projects.columns,
            projects: projects.rows,
            voteColumns: votes.columns,
            votes: votes.rows,
            warnings: warnings
        )
    }

    private static func readMeta(
        _ section: PabulibSections.Section,
        warnings: inout [PabulibWarning]
    ) -> (PabulibMeta, [String: Int]) {
        var meta = PabulibMeta()
        var lines: [String: Int] = [:]
        for row in section.rows {
            let key = row.fields[0]
            guard !key.isEmpty else {
                warnings.append(PabulibWarning(line: row.line, message: "META row without a key is ignored"))
                continue
            }
            meta[key] = row.fields.count > 1 ? row.fields[1] : ""
            lines[key] = row.line
        }
        return (meta, lines)
    }

    private static func readBudget(
        _ meta: PabulibMeta,
        lines: [String: Int],
        section: PabulibSections.Section
    ) throws(PabulibError) -> Rational {
        guard let text = meta["budget"], !text.isEmpty else {
            throw PabulibError(line: section.titleLine, reason: "META has no budget")
        }
        guard let budget = Rational(decimal: text), !budget.isNegative else {
            throw PabulibError(line: lines["budget"]!, reason: "budget \"\(text)\" is not a number of at least 0")
        }
        return budget
    }

    private static func readVoteType(
        _ meta: PabulibMeta,
        lines: [String: Int],
        section: PabulibSections.Section
    ) throws(PabulibError) -> BudgetVoteType {
        guard let text = meta["vote_type"] else {
            throw PabulibError(line: section.titleLine, reason: "META has no vote_type")
        }
        guard let voteType = BudgetVoteType(rawValue: text) else {
            let known = BudgetVoteType.allCases.map(\.rawValue).joined(separator: ", ")
            throw PabulibError(line: lines["vote_type"]!, reason: "vote_type \"\(text)\" is not one of \(known)")
        }
        return voteType
    }

    private static func readProjects(
        _ section: PabulibSections.Section
    ) throws(PabulibError) -> (rows: [PabulibProject], columns: [String], indexByID: [String: Int]) {
        let columnIndex = section.columnIndex()
        for required in ["project_id", "cost"] where columnIndex[required] == nil {
            throw PabulibError(line: section.headerLine, reason: "PROJECTS header has no \(required) column")
        }
        let costColumn = columnIndex["cost"]!
        // The id is the first column in every real file; the header name only has to exist.
        let extra = section.columns.indices.filter {
            $0 != 0 && $0 != costColumn && !section.columns[$0].isEmpty && columnIndex[section.columns[$0]] == $0
        }
        var projects: [PabulibProject] = []
        var indexByID: [String: Int] = [:]
        var lineByID: [String: Int] = [:]
        for row in section.rows {
            guard let id = row.value(at: 0) else {
                throw PabulibError(line: row.line, reason: "project has no project_id")
            }
            if let first = lineByID[id] {
                throw PabulibError(line: row.line, reason: "project \"\(id)\" is already defined on line \(first)")
            }
            guard let costText = row.value(at: costColumn) else {
                throw PabulibError(line: row.line, reason: "project \"\(id)\" has no cost")
            }
            guard let cost = Rational(decimal: costText), !cost.isNegative else {
                throw PabulibError(line: row.line, reason: "cost \"\(costText)\" of project \"\(id)\" is not a number of at least 0")
            }
            var fields: [String: String] = [:]
            for column in extra {
                if let value = row.value(at: column) { fields[section.columns[column]] = value }
            }
            lineByID[id] = row.line
            indexByID[id] = projects.count
            projects.append(PabulibProject(id: id, cost: cost, fields: fields))
        }
        return (projects, extra.map { section.columns[$0] }, indexByID)
    }
}
