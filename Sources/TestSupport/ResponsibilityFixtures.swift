import Foundation
import MitredenDomain
import MitredenStore

/// Units, staff, campaigns with a response promise and proposals for the tests of issue
/// 15, made through the services (no HTTP), on the clock the test moves.
public struct ResponsibilityFixtures: Sendable {
    public let database: Database
    public let clock: ManualClock

    public init(database: Database, clock: ManualClock) {
        self.database = database
        self.clock = clock
    }

    /// `Deploy/holidays/hamburg.csv`, as the project ships it.
    public static let hamburgHolidays: String = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "../../Deploy/holidays/hamburg.csv")
        return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }()

    /// `hour` o'clock in Hamburg on `day` (`YYYY-MM-DD`).
    public static func moment(_ day: String, hour: Int) -> Date {
        WorkingDayCalendar(holidays: []).moment(CalendarDay(day)!, hour: hour)
    }

    public func loadHamburgHolidays() async throws {
        _ = try await CalendarService(database: database).load(Self.hamburgHolidays, by: .commandLine, now: clock.now)
    }

    /// A verified account `name` (`<name>@example.org`), holding `role` in `unit` when given
    /// (the unit is made if missing).
    public func account(_ name: String, _ role: UnitRole? = nil, of unit: String? = nil, admin: Bool = false) async throws -> AccountRecord {
        var settings = AccountSettings()
        settings.bcryptCost = 4
        let accounts = AccountService(database: database, settings: settings, clock: clock.clock)
        let id = try await accounts.createStaff(
            email: "\(name.lowercased())@example.org", password: AccountFixtures.password, displayName: name,
            role: admin ? .admin : .participant, by: .commandLine)
        if let role, let unit {
            try await self.unit(unit)
            try await UnitService(database: database, clock: clock.clock).addMember(unit: unit, account: id, role: role, by: .commandLine)
        }
        return try await record(id)
    }

    public func unit(_ slug: String) async throws {
        if try await Units.find(slug: slug, on: database) == nil {
            _ = try await UnitService(database: database, clock: clock.clock).create(slug: slug, name: "Unit \(slug)", by: .commandLine)
        }
    }

    public func record(_ id: Account.ID) async throws -> AccountRecord {
        guard let account = try await Accounts.find(id: id, on: database) else { throw TestSetupError("no account \(id)") }
        return account
    }

    /// A published dialogue of `unit` in its proposals phase (from a day ago for sixty days),
    /// categories `verkehr` and `gruen`, with `promise`.
    @discardableResult
    public func campaign(_ slug: String, unit: String = "unit-a", promise: ResponsePromise?) async throws -> CampaignRecord {
        try await self.unit(unit)
        var settings = CampaignSettings()
        settings.responsePromise = promise
        let now = clock.now
        let spec = CampaignSpec(
            unit: unit, draft: CampaignDraft(slug: slug, title: "Campaign \(slug)", kind: .dialogue, settings: settings),
            phases: [PhaseWindow(kind: .proposals, startsAt: now - 86_400, endsAt: now + 60 * 86_400)],
            categories: [CategoryRecord(slug: "verkehr", name: "Verkehr"), CategoryRecord(slug: "gruen", name: "Grün")])
        let service = CampaignService(database: database, clock: clock.clock)
        _ = try await service.create(spec, by: .commandLine)
        return try await service.publish(slug, by: .commandLine)
    }

    public func proposal(_ title: String, in campaign: String, by author: AccountRecord, category: String? = nil) async throws
        -> ProposalRecord
    {
        try await ProposalService(database: database, clock: clock.clock)
            .create(in: campaign, ProposalInput(title: title, body: "", category: category), by: author)
    }

    public func respond(to proposal: Proposal.ID, by official: AccountRecord, status: LifecycleStatus = .accepted) async throws {
        _ = try await ResponseService(database: database, clock: clock.clock)
            .respond(to: proposal, status: status, body: "Antwort der Fachbehörde.", by: official)
    }

    /// Moves the clock to `hour` o'clock of `day` in Hamburg.
    public func at(_ day: String, hour: Int) {
        clock.advance(by: Self.moment(day, hour: hour).timeIntervalSince(clock.now))
    }
}
