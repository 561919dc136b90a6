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

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let (campaign, actor) = (self.campaign, self.actor)
            let items = try await environment.runService { database in
                try await ModerationService(database: database, clock: environment.configuration.clock)
                    .items(for: try await actor.account(in: database), campaign: campaign)
            }
            for item in items {
                // The schema limits slugs to [a-z0-9-] and the other columns are codes; the slug
                // goes through the review's terminal filter all the same, so that the listing
                // stays safe if the schema's check is ever relaxed.
                let slug = TerminalText.sanitized(item.campaignSlug)
                print(
                    "\(item.id.uuidString.lowercased())\t\(slug)\t\(item.targetType.rawValue)\t\(item.reason)\t\(item.enqueuedAt.formatted(.iso8601))\trevision \(item.revision)"
                )
            }
            if items.isEmpty { print("the queue is empty") }
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
