import Foundation
import MitredenDomain
import MitredenStore
import Yams

/// Walks the YAML tree of a campaign file, remembering the line of every field it reads.
/// Keys are the same as in the API's `CampaignRequest` (camelCase); area budgets are
/// written in euros (`budget: 250000` or `"1250.50"`) because that is how clerks think.
final class NodeReader {
    let file: String
    private(set) var lines: [String: Int] = [:]

    init(file: String) { self.file = file }

    func campaign(_ root: Node) throws(CampaignFileError) -> CampaignSpec {
        let fields = try mapping(
            root, at: "",
            allowed: [
                "unit", "slug", "title", "summary", "description", "kind", "proposalModeration", "commentModeration",
                "settings", "phases", "categories", "areas", "planner",
            ])
        let kind: CampaignKind = try choice(required(fields, "kind", at: ""), at: "kind")
        var draft = CampaignDraft(
            slug: try text(required(fields, "slug", at: ""), at: "slug"),
            title: try text(required(fields, "title", at: ""), at: "title"),
            summary: try fields["summary"].map { node throws(CampaignFileError) in try text(node, at: "summary") } ?? "",
            description: try fields["description"].map { node throws(CampaignFileError) in try text(node, at: "description") } ?? "",
            kind: kind
        )
        if let node = fields["proposalModeration"] { draft.proposalModeration = try choice(node, at: "proposalModeration") }
        if let node = fields["commentModeration"] { draft.commentModeration = try choice(node, at: "commentModeration") }
        if let node = fields["settings"] { draft.settings = try settings(node) }
        return CampaignSpec(
            unit: try text(required(fields, "unit", at: ""), at: "unit"),
            draft: draft,
            phases: try list(fields["phases"], at: "phases") { node, path throws(CampaignFileError) in try phase(node, at: path) },
            categories: try list(fields["categories"], at: "categories") { node, path throws(CampaignFileError) in
                let item = try mapping(node, at: path, allowed: ["slug", "name"])
                return CategoryRecord(
                    slug: try text(required(item, "slug", at: path), at: "\(path).slug"),
                    name: try text(required(item, "name", at: path), at: "\(path).name"))
            },
            areas: try list(fields["areas"], at: "areas") { node, path throws(CampaignFileError) in
                let item = try mapping(node, at: path, allowed: ["slug", "name", "budget"])
                return BudgetAreaRecord(
                    slug: try text(required(item, "slug", at: path), at: "\(path).slug"),
                    name: try text(required(item, "name", at: path), at: "\(path).name"),
                    budgetCents: try euros(required(item, "budget", at: path), at: "\(path).budget"))
            }
        )
    }

    private func settings(_ node: Node) throws(CampaignFileError) -> CampaignSettings {
        let fields = try mapping(
            node, at: "settings",
            allowed: [
                "commentMaxLength", "flagsBeforeHide", "supportsPerParticipant", "ratingsEnabled", "rankingRule",
                "commentsDuringVoting", "ballot", "openData",
            ])
        var settings = CampaignSettings()
        if let node = fields["commentMaxLength"] { settings.commentMaxLength = try integer(node, at: "settings.commentMaxLength") }
        if let node = fields["flagsBeforeHide"] { settings.flagsBeforeHide = try integer(node, at: "settings.flagsBeforeHide") }
        if let node = fields["supportsPerParticipant"] { settings.supportsPerParticipant = try integer(node, at: "settings.supportsPerParticipant") }
        if let node = fields["ratingsEnabled"] { settings.ratingsEnabled = try flag(node, at: "settings.ratingsEnabled") }
        if let node = fields["rankingRule"] { settings.rankingRule = try choice(node, at: "settings.rankingRule") }
        if let node = fields["commentsDuringVoting"] { settings.commentsDuringVoting = try flag(node, at: "settings.commentsDuringVoting") }
        if let node = fields["openData"] { settings.openData = try flag(node, at: "settings.openData") }
        if let node = fields["ballot"] {
            let path = "settings.ballot"
            let ballot = try mapping(
                node, at: path, allowed: ["method", "minChoices", "maxChoices", "minSpendPercent", "points", "oneAreaOnly", "resultMethod"])
            var rules = BallotRules(method: try choice(required(ballot, "method", at: path), at: "\(path).method"))
            if let node = ballot["minChoices"] { rules.minChoices = try integer(node, at: "\(path).minChoices") }
            if let node = ballot["maxChoices"] { rules.maxChoices = try integer(node, at: "\(path).maxChoices") }
            if let node = ballot["minSpendPercent"] { rules.minSpendPercent = try integer(node, at: "\(path).minSpendPercent") }
            if let node = ballot["points"] { rules.points = try integer(node, at: "\(path).points") }
            if let node = ballot["oneAreaOnly"] { rules.oneAreaOnly = try flag(node, at: "\(path).oneAreaOnly") }
            if let node = ballot["resultMethod"] { rules.resultMethod = try choice(node, at: "\(path).resultMethod") }
            settings.ballot = rules
        }
        return settings
    }

    private func phase(_ node: Node, at path: String) throws(CampaignFileError) -> PhaseWindow {
        let fields = try mapping(node, at: path, allowed: ["kind", "startsAt", "endsAt"])
        return PhaseWindow(
            kind: try choice(required(fields, "kind", at: path), at: "\(path).kind"),
            startsAt: try instant(required(fields, "startsAt", at: path), at: "\(path).startsAt"),
            endsAt: try instant(required(fields, "endsAt", at: path), at: "\(path).endsAt")
        )
    }

    // MARK: Typed scalars, each remembering its line

    func mapping(_ node: Node, at path: String, allowed: Set<String>) throws(CampaignFileError) -> [String: Node] {
        remember(node, at: path)
        guard let mapping = node.mapping else { throw failure(node, path, "must be a mapping of keys to values") }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            let field = path.isEmpty ? name : "\(path).\(name)"
            guard allowed.contains(name) else {
                throw failure(key, field, "is not a known key (known: \(allowed.sorted().joined(separator: ", ")))")
            }
            remember(value, at: field)
            fields[name] = value
        }
        return fields
    }

    func list<Item>(_ node: Node?, at path: String, _ item: (Node, String) throws(CampaignFileError) -> Item) throws(CampaignFileError)
        -> [Item]
    {
        guard let node else { return [] }
        guard let sequence = node.sequence else { throw failure(node, path, "must be a list") }
        var items: [Item] = []
        for (index, element) in sequence.enumerated() {
            let elementPath = "\(path)[\(index)]"
            remember(element, at: elementPath)
            items.append(try item(element, elementPath))
        }
        return items
    }

    func required(_ fields: [String: Node], _ key: String, at path: String) throws(CampaignFileError) -> Node {
        guard let node = fields[key] else {
            let field = path.isEmpty ? key : "\(path).\(key)"
            throw CampaignFileError(file: file, line: lines[path], field: field, message: "is required")
        }
        return node
    }

    func text(_ node: Node, at path: String) throws(CampaignFileError) -> String {
        guard let scalar = node.scalar else { throw failure(node, path, "must be text") }
        return scalar.string
    }

    func integer(_ node: Node, at path: String) throws(CampaignFileError) -> Int {
        guard let value = node.scalar.flatMap({ Int($0.string) }) else { throw failure(node, path, "must be a whole number") }
        return value
    }

    func flag(_ node: Node, at path: String) throws(CampaignFileError) -> Bool {
        guard let value = node.bool else { throw failure(node, path, "must be true or false") }
        return value
    }

    func choice<Value: RawRepresentable & CaseIterable>(_ node: Node, at path: String) throws(CampaignFileError) -> Value
    where Value.RawValue == String {
        guard let value = node.scalar.flatMap({ Value(rawValue: $0.string) }) else {
            throw failure(node, path, "must be one of: \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// RFC 3339 with an offset (`2027-03-01T00:00:00+01:00`); a bare date would leave the
    /// time zone to guesswork on a consultation that opens at midnight.
    private func instant(_ node: Node, at path: String) throws(CampaignFileError) -> Date {
        let text = node.scalar?.string ?? ""
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions.insert(.withFractionalSeconds)
        guard let date = plain.date(from: text) ?? fractional.date(from: text) else {
            throw failure(node, path, "must be a date and time with offset, like 2027-03-01T00:00:00+01:00")
        }
        return date
    }

    /// Euros with at most two decimals, into exact cents.
    func euros(_ node: Node, at path: String) throws(CampaignFileError) -> Int64 {
        let text = node.scalar?.string.replacingOccurrences(of: "_", with: "") ?? ""
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0,
            parts.count == 1 || (1...2).contains(parts[1].count) && parts[1].allSatisfy(\.isNumber),
            whole < Int64.max / 100
        else {
            throw failure(node, path, "must be an amount in euros, like 250000 or 1250.50")
        }
        let cents = parts.count == 2 ? Int64(parts[1].padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0 : 0
        return whole * 100 + cents
    }

    private func remember(_ node: Node, at path: String) {
        if let line = node.mark?.line, lines[path] == nil { lines[path] = line }
    }

    func failure(_ node: Node, _ path: String, _ message: String) -> CampaignFileError {
        CampaignFileError(file: file, line: node.mark?.line ?? lines[path], field: path.isEmpty ? nil : path, message: message)
    }
}
