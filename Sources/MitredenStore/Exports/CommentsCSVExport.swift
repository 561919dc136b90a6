import Foundation
import MitredenDomain
import PostgresNIO

/// `comments.csv`: published comments on published proposals, in thread order. A reply
/// whose parent was removed keeps the parent's id, so the thread can be rebuilt.
public enum CommentsCSVExport {
    public static let header = ["id", "proposal", "parent", "stance", "body", "created"]
    /// German column names (the default); the English ones with `lang=en`.
    public static let germanHeader = ["ID", "Vorschlag", "Antwort auf", "Haltung", "Text", "Geschrieben"]

    public static func header(in language: Language) -> [String] { language == .de ? germanHeader : header }

    public static func write(
        campaign: Campaign.ID, in snapshot: ExportSnapshot, options: CSVWriter.Options, language: Language, to file: ExportFileWriter
    ) async throws {
        let csv = CSVWriter(options: options)
        try await file.write(csv.preamble + csv.row(header(in: language)))
        let rows = try await snapshot.tx.stream(
            """
            SELECT cm.id, cm.proposal_id, cm.parent_id, cm.stance, cm.body, cm.created_at
            FROM comments cm JOIN proposals p ON p.id = cm.proposal_id
            WHERE p.campaign_id = \(campaign) AND p.moderation_status = 'published' AND cm.moderation_status = 'published'
            ORDER BY p.created_at, p.id, cm.created_at, cm.id
            """)
        for try await row in rows {
            let (id, proposal, parent, stance, body, created) = try row.decode((UUID, UUID, UUID?, String, String, Date).self)
            try await file.write(
                csv.row([
                    id.uuidString.lowercased(), proposal.uuidString.lowercased(), parent?.uuidString.lowercased() ?? "",
                    stance, body, ExportFormat.timestamp(created),
                ]))
            file.countRow()
        }
    }
}
