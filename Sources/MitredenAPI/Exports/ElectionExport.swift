import Foundation
import MitredenDomain
import MitredenStore

/// `election.pb`: one area's budget vote in the Pabulib format, read in the export's
/// snapshot, with voters numbered 1…n and nothing that points to a person. Ballots are
/// written one by one as they are read, so memory stays flat for any number of voters.
/// A Pabulib file holds one budget, so a bundle carries one file per area.
enum ElectionExport {
    static func write(campaign: CampaignRecord, area: BudgetAreaRecord, in snapshot: ExportSnapshot, to file: ExportFileWriter) async throws {
        let database = snapshot.database
        guard let areaID = try await snapshot.connection.query("""
            SELECT id FROM budget_areas WHERE campaign_id = \(campaign.id) AND slug = \(area.slug)
            """, logger: snapshot.logger).collect().first?.decode(UUID.self) else {
            throw APIError.notFound("no area '\(area.slug)'")
        }
        let inputs = ResultInputs(database: database)
        let input = try await inputs.read(
            campaign: campaign.id, area: areaID, method: campaign.fields.settings.ballot?.method, ballots: false, on: snapshot.connection
        )
        let meta = try await PabulibImport(database: database).source(area: areaID, on: snapshot.connection)
        let election = PabulibTransfer.election(input, meta: meta, campaign: campaign, area: area)
        let count = try await snapshot.connection.query("SELECT count(*)::int FROM ballots WHERE area_id = \(areaID)", logger: snapshot.logger)
            .collect()[0].decode(Int.self)
        try await file.write(try PabulibWriter.head(of: election, voteCount: count))
        let ruleIDs = Dictionary(uniqueKeysWithValues: input.projects.map { ($0.id, $0.ruleID) })
        var number = 0
        try await inputs.eachBallot(area: areaID, on: snapshot.connection) { choices in
            number += 1
            let vote = PabulibTransfer.vote(number: number, choices: choices, ruleIDs: ruleIDs, voteType: input.voteType)
            try await file.write(try PabulibWriter.row(vote, of: election))
            file.countRow()
        }
    }

    /// The area an `election.pb` request means: the only one, or the one named.
    static func area(of campaign: CampaignRecord, named slug: String?) throws -> BudgetAreaRecord {
        if let slug {
            guard let area = campaign.areas.first(where: { $0.slug == slug }) else {
                throw APIError.validation([.init(field: "area", message: "no area '\(slug)'; there are \(campaign.areas.map(\.slug).joined(separator: ", "))")])
            }
            return area
        }
        guard campaign.areas.count == 1, let only = campaign.areas.first else {
            throw APIError.validation([.init(field: "area", message: "the campaign has \(campaign.areas.count) areas; name one of \(campaign.areas.map(\.slug).joined(separator: ", "))")])
        }
        return only
    }
}
