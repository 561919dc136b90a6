import ArgumentParser
import MitredenStore

/// `mitreden`: the server and every staff command. Configuration comes from the
/// `MITREDEN_*` environment variables listed in the README.
public struct MitredenCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mitreden",
        abstract: "Mitreden — citizen participation backend (consultations, proposals, moderation, participatory budgets).",
        discussion: """
            Configuration is read from the environment (MITREDEN_DATABASE_URL, MITREDEN_HOST, \
            MITREDEN_PORT, …); see the README for the full list. Listings and `show` commands take \
            --json for scripts; commands that delete or replace ask first on a terminal and take --yes.
            """,
        version: BuildInfo.version,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, AccountCommand.self, UnitCommand.self, CampaignCommand.self, ModerationCommand.self,
            DemoCommand.self, AuditCommand.self, ExportCommand.self, PabulibCommand.self, ResultsCommand.self, MailCommand.self,
            CalendarCommand.self, InboxCommand.self, PlannerCommand.self,
        ]
    )

    public init() {}
}
