import Foundation
import MitredenDomain

/// `election.pb`: the budget vote in the Pabulib format, with anonymous voter ids.
public enum ElectionExport {
    public static func write(campaign: CampaignRecord, in snapshot: ExportSnapshot, to file: ExportFileWriter) async throws {
        guard campaign.fields.kind == .budget else {
            throw StoreError.conflict("election.pb exists for budget campaigns only; \(campaign.slug) is a dialogue")
        }
        throw StoreError.unavailable("election.pb is not available yet")
    }
}
