/// The three sections of a `.pb` file (SPEC §1.3), each with its title line, header and rows.
struct PabulibSections {
    struct Section {
        let titleLine: Int
        /// Column names; empty if the section ends right after its title.
        let columns: [String]
        let headerLine: Int
        let rows: [PabulibRecordReader.Record]

        /// Position of each column name (the first one, if a name repeats).
        func columnIndex() -> [String: Int] {
            var index: [String: Int] = [:]
            for (position, name) in columns.enumerated() where index[name] == nil {
                index[name] = position
            }
            return index
        }
    }

    let meta: Section
    let projects: Section
    let votes: Section

    private static let order = ["META", "PROJECTS", "VOTES"]

    /// Splits records at title lines and checks that META, PROJECTS and VOTES each appear
    /// once, in that order.
    init(_ records: [PabulibRecordReader.Record]) throws(PabulibError) {
        var sections: [Section] = []
        var index = 0
        while index < records.count {
            let title = records[index]
            guard let name = Self.sectionName(of: title) else {
                let expected = sections.isEmpty ? "a META section title" : "a section title"
                throw PabulibError(line: title.line, reason: "expected \(expected), found \"\(title.fields[0])\"")
            }
            let expected = Self.order[min(sections.count, Self.order.count - 1)]
            guard sections.count < Self.order.count, name == expected else {
                throw PabulibError(line: title.line, reason: "section \(name) is out of place; expected \(expected)")
            }
            index += 1
            var header: PabulibRecordReader.Record?
            if index < records.count && Self.sectionName(of: records[index]) == nil {
                header = records[index]
                index += 1
            }
            let rowsStart = index
            while index < records.count && Self.sectionName(of: records[index]) == nil { index += 1 }
            sections.append(
                Section(
                    titleLine: title.line,
                    columns: header?.fields ?? [],
                    headerLine: header?.line ?? title.line,
                    rows: Array(records[rowsStart..<index])
                ))
        }
        guard sections.count == Self.order.count else {
            let missing = Self.order[sections.count]
            let line = (records.last?.line ?? 0) + 1
            throw PabulibError(line: line, reason: "the file has no \(missing) section")
        }
        meta = sections[0]
        projects = sections[1]
        votes = sections[2]
    }

    /// The section a title line opens: its first field is a section name (any letter case)
    /// and it has no other non-empty field.
    private static func sectionName(of record: PabulibRecordReader.Record) -> String? {
        // Cheap length check first: this runs for every row of a large file.
        guard record.fields[0].utf8.count <= 8 else { return nil }
        let name = record.fields[0].uppercased()
        guard order.contains(name), record.fields.dropFirst().allSatisfy(\.isEmpty) else { return nil }
        return name
    }
}

extension PabulibRecordReader.Record {
    /// The value in `column`, or `nil` when it is missing: beyond the end of the row,
    /// empty, or `None` in any letter case.
    func value(at column: Int?) -> String? {
        guard let column, column < fields.count else { return nil }
        let value = fields[column]
        if value.isEmpty || (value.utf8.count == 4 && value.lowercased() == "none") { return nil }
        return value
    }
}
