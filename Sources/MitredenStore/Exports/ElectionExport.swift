import Foundation
import MitredenDomain

/// `election.pb`: one area's budget vote in the Pabulib format, read in the export's
/// snapshot, with voters numbered 1…n and nothing that points to a person, never in the
/// order of voting: the official run's stored input (ballots in canonical order) once there
/// is one, else the ballots by a keyed hash of their id. Ballots are
/// written one by one as they are read, so memory stays flat for any number of voters.
/// A Pabulib file holds one budget, so a bundle carries one file per area.
enum ElectionExport {
    static func write(campaign: CampaignRecord, area: BudgetAreaRecord, in snapshot: ExportSnapshot, to file: ExportFileWriter) async throws {
        let tx = snapshot.tx
        guard let areaID = try await Campaigns.area(area.slug, of: campaign.id, on: tx) else {
            throw ServiceError.notFound("no area '\(area.slug)'")
        }
        let meta = try await PabulibImport.source(area: areaID, on: tx)
        // Once an official result exists, the file is exactly its counted input (frozen at
        // the close, less staff exclusions), so a recount from the file gives that result.
        if let digest = try await tx.query("SELECT input_digest FROM result_runs WHERE area_id = \(areaID) AND official").first?
            .decode(String.self), let counted = try await ResultInputStore.load(area: areaID, digest: digest, on: tx)
        {
            let election = PabulibTransfer.election(counted, meta: meta, campaign: campaign, area: area)
            try await file.write(try PabulibWriter.head(of: election, voteCount: election.votes.count))
            for vote in election.votes {
                try await file.write(try PabulibWriter.row(vote, of: election))
                file.countRow()
            }
            return
        }
        let input = try await ResultInputs.read(
            campaign: campaign.id, area: areaID, method: campaign.fields.settings.ballot?.method, ballots: false, on: tx
        )
        let election = PabulibTransfer.election(input, meta: meta, campaign: campaign, area: area)
        let count = try await tx.query("SELECT count(*)::int FROM ballots WHERE area_id = \(areaID)")[0].decode(Int.self)
        try await file.write(try PabulibWriter.head(of: election, voteCount: count))
        let ruleIDs = Dictionary(uniqueKeysWithValues: input.projects.map { ($0.id, $0.ruleID) })
        var number = 0
        try await ResultInputs.eachBallot(area: areaID, on: tx) { choices in
            number += 1
            let vote = PabulibTransfer.vote(number: number, choices: choices, ruleIDs: ruleIDs, voteType: input.voteType)
            try await file.write(try PabulibWriter.row(vote, of: election))
            file.countRow()
        }
    }
}

extension ExportService {
    /// The area an `election.pb` request means: the only one, or the one named; checked
    /// before a streamed response starts, so a wrong name is a 422, not a broken download.
    public static func electionArea(of campaign: CampaignRecord, named slug: String?) throws -> BudgetAreaRecord {
        try campaign.area(named: slug)
    }
}
