import ArgumentParser
import Foundation
import MitredenDomain
import MitredenStore

/// `mitreden moderation …`: the queue for moderators at a terminal. With `--as EMAIL` the
/// commands act as that moderator (their units only, decisions in their name); without
/// it as the `cli` operator, on every unit.
struct ModerationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moderation",
        abstract: "Work on the moderation queue: list it, approve, reject, or review interactively.",
        subcommands: [Queue.self, Approve.self, Reject.self, Review.self]
    )

    struct Operator: ParsableArguments {
        @Option(name: .customLong("as"), help: "E-mail or id of the moderator to act as (default: the cli operator).") var moderator: String?

        /// The moderator's account, or nil for the cli operator.
        func account(in database: Database) async throws -> AccountRecord? {
            guard let moderator else { return nil }
            let account = try await CommandEnvironment.resolveAccount(moderator, in: database)
            _ = try ModerationService.units(of: account)
            return account
        }
    }

    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List open items, oldest first (item id, campaign, kind, reason, queued, revision).")
        @Option(help: "Only this campaign (slug).") var campaign: String?
        @OptionGroup var actor: Operator
        @OptionGroup var output: OutputFormat

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let (campaign, actor) = (self.campaign, self.actor)
            let items = try await environment.runService { database in
                try await ModerationService(database: database, clock: environment.configuration.clock)
                    .items(for: try await actor.account(in: database), campaign: campaign)
            }
            // Slugs are [a-z0-9-] by the schema and the other columns codes; the table
            // passes every cell through the terminal filter all the same.
            try CommandOutput.print(
                Listing(items: items.map(QueueItem.init), total: items.count), json: output.json,
                headers: ["ITEM", "CAMPAIGN", "KIND", "REASON", "QUEUED", "REVISION"],
                row: { [$0.id, $0.campaign, $0.targetType, $0.reason, CommandOutput.time($0.enqueuedAt), String($0.revision)] },
                empty: "the queue is empty")
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve an item (by item id or by the proposal's or comment's id).")
        @Argument(help: "Item id, or the id of the proposal or comment.") var id: String
        @Option(help: "A note for the author.") var note: String?
        @Option(help: "The revision you judged, as `moderation queue` lists it (needed once the author edited the text).")
        var revision: Int?
        @OptionGroup var actor: Operator

        func run() async throws {
            try await ModerationCommand.decide(id, DecisionInput(decision: .approve, note: note, revision: revision), actor: actor)
            print("approved")
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject an item with a reason code.")
        @Argument(help: "Item id, or the id of the proposal or comment.") var id: String
        @Option(help: "insult, discrimination, off_topic, spam, personal_data, illegal, duplicate or other.") var reason: String
        @Option(help: "A note for the author.") var note: String?
        @Option(help: "The revision you judged, as `moderation queue` lists it (needed once the author edited the text).")
        var revision: Int?
        @OptionGroup var actor: Operator

        func run() async throws {
            guard let code = ReasonCode(rawValue: reason) else {
                throw CommandFailure("--reason must be one of \(ReasonCode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            try await ModerationCommand.decide(id, DecisionInput(decision: .reject, reason: code, note: note, revision: revision), actor: actor)
            print("rejected (\(code.rawValue))")
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Go through the queue item by item: a = approve, r = reject (then pick a reason), s = skip, q = quit."
        )
        @Option(help: "Only this campaign (slug).") var campaign: String?
        @OptionGroup var actor: Operator

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let (campaign, actor) = (self.campaign, self.actor)
            let summary = try await environment.runService { database in
                let account = try await actor.account(in: database)
                let service = ModerationService(database: database, clock: environment.configuration.clock)
                return try await ModerationReview(service: service, account: account, campaign: campaign, input: TerminalInput()).run()
            }
            print(summary)
        }
    }

    static func decide(_ reference: String, _ input: DecisionInput, actor: Operator) async throws {
        let environment = try CommandEnvironment.load()
        try await environment.runService { database in
            let account = try await actor.account(in: database)
            let service = ModerationService(database: database, clock: environment.configuration.clock)
            let item = try await service.item(named: reference)
            _ = try await service.decide(item.id, input, by: account?.auditActor ?? .commandLine, account: account)
        }
    }
}

/// An open item as `moderation queue --json` prints it.
struct QueueItem: Encodable {
    let id: String
    let campaign: String
    let unit: String
    let targetType: String
    let targetId: String
    let reason: String
    let enqueuedAt: Date
    let revision: Int

    init(_ item: ModerationItemRecord) {
        id = item.id.uuidString.lowercased()
        campaign = item.campaignSlug
        unit = item.unitSlug
        targetType = item.targetType.rawValue
        targetId = item.targetID.uuidString.lowercased()
        reason = item.reason.rawValue
        enqueuedAt = item.enqueuedAt
        revision = item.revision
    }
}
