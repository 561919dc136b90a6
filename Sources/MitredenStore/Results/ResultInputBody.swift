import Foundation
import MitredenDomain

/// The canonical stored form of a `ResultInput` (`result_inputs.body`): the projects sorted
/// by id and the ballots in the order of their digest lines, ids lower-case. Decoding it
/// gives back an input with the same digest, which is what a recount starts from.
struct ResultInputBody: Codable, Equatable {
    struct Project: Codable, Equatable {
        var id: String
        var reference: String?
        var title: String
        var costCents: Int64
    }

    var version = 1
    var voteType: String
    var budgetCents: Int64
    var projects: [Project]
    /// Each ballot as its choices, `proposal-id:points`, in rank order.
    var ballots: [[String]]

    init(_ input: ResultInput) {
        voteType = input.voteType.rawValue
        budgetCents = input.budgetCents
        projects = input.projects.map {
            Project(id: $0.id.uuidString.lowercased(), reference: $0.reference, title: $0.title, costCents: $0.costCents)
        }.sorted { $0.id < $1.id }
        ballots = input.ballots.map { choices in
            var parts = choices.map { "\($0.proposal.uuidString.lowercased()):\($0.points)" }
            if input.voteType != .ordinal { parts.sort() }
            return parts
        }.sorted { $0.joined(separator: ",") < $1.joined(separator: ",") }
    }

    var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> ResultInput {
        let body = try JSONDecoder().decode(ResultInputBody.self, from: Data(text.utf8))
        guard let voteType = BudgetVoteType(rawValue: body.voteType) else {
            throw ServiceError.unexpected("a stored result input names an unknown vote type \(body.voteType)")
        }
        let projects = try body.projects.map { project in
            guard let id = Proposal.ID(project.id) else { throw ServiceError.unexpected("a stored result input holds a bad id") }
            return ResultInput.Project(id: id, reference: project.reference, title: project.title, costCents: project.costCents)
        }
        let ballots = try body.ballots.map { choices in
            try choices.map { choice -> (proposal: Proposal.ID, points: String) in
                let parts = choice.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, let id = Proposal.ID(String(parts[0])) else {
                    throw ServiceError.unexpected("a stored result input holds a bad choice")
                }
                return (id, String(parts[1]))
            }
        }
        return ResultInput(voteType: voteType, budgetCents: body.budgetCents, projects: projects, ballots: ballots)
    }
}

extension ResultInput {
    /// The input without `proposal`: its project and every choice of it (the ballots stay,
    /// with their other choices, and still count in the number of voters).
    func excluding(_ proposal: Proposal.ID) -> ResultInput {
        var copy = self
        copy.projects.removeAll { $0.id == proposal }
        copy.ballots = ballots.map { $0.filter { $0.proposal != proposal } }
        return copy
    }
}

/// `result_inputs`: each distinct input once per area.
enum ResultInputStore {
    static func save(_ input: ResultInput, digest: String, campaign: Campaign.ID, area: BudgetArea.ID, now: Date, on db: some SQLExecutor)
        async throws
    {
        try await db.query(
            """
            INSERT INTO result_inputs (area_id, campaign_id, input_digest, body, stored_at)
            VALUES (\(area), \(campaign), \(digest), \(ResultInputBody(input).text), \(now))
            ON CONFLICT DO NOTHING
            """)
    }

    static func load(area: BudgetArea.ID, digest: String, on db: some SQLExecutor) async throws -> ResultInput? {
        guard
            let text = try await db.query("SELECT body FROM result_inputs WHERE area_id = \(area) AND input_digest = \(digest)")
                .first?.decode(String.self)
        else { return nil }
        return try ResultInputBody.decode(text)
    }
}
