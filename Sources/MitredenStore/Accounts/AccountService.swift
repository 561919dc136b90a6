import Foundation
import Logging
import MitredenDomain
import MitredenPasswords
import PostgresNIO

/// The account rules the API and the CLI share: registration, verification, login,
/// staff accounts, suspension, and the GDPR rights.
public struct AccountService: Sendable {
    public let database: Database
    public let settings: AccountSettings
    public let clock: AppClock
    public let hasher: PasswordHasher

    var throttle: LoginThrottle { LoginThrottle(limits: settings.throttleLimits) }

    public init(database: Database, settings: AccountSettings, clock: AppClock) {
        self.database = database
        self.settings = settings
        self.clock = clock
        self.hasher = PasswordHasher(cost: settings.bcryptCost)
    }

    /// Registers a participant. For an address that has an account already, nothing is
    /// created and the owner is told by mail instead; the caller sees no difference. The
    /// mail speaks `language` (the request's preference; German by default).
    public func register(
        email rawEmail: String, password: String, displayName: String, district: String?, clientAddress: String?,
        language: Language? = nil
    ) async throws {
        let problems = AccountRules.registrationProblems(email: rawEmail, password: password, displayName: displayName, district: district)
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        if let clientAddress {
            if let wait = try await throttle.consume(
                key: LoginThrottle.registrationKey(clientAddress), limit: settings.registrationsPerAddress, window: 3600, now: clock.now,
                on: database
            ) {
                throw ServiceError.tooManyRequests(retryAfter: wait)
            }
        }
        let email = AccountRules.normalizedEmail(rawEmail)
        // Hashed in every case so that both branches take the same time.
        let hash = try await hasher.hash(password)
        let now = clock.now
        let settings = self.settings
        try await database.withTransaction { tx in
            // Two registrations of one address (or one name) at the same moment must not
            // both pass the checks below and race on the unique index: the loser would get
            // a 409 where a registration of a known address answers exactly like a new one.
            // Separate lock namespaces (1, 2) keep addresses and names from colliding.
            try await tx.query(
                """
                SELECT pg_advisory_xact_lock(1, hashtext(\(email))), pg_advisory_xact_lock(2, hashtext(lower(\(displayName))))
                """)
            // Checked before the e-mail so the answer about the (public) name does not
            // depend on whether the address is registered.
            guard try await !Accounts.isDisplayNameTaken(displayName, on: tx) else {
                throw ServiceError.invalid("displayName", "is already taken")
            }
            if let existing = try await Accounts.id(forEmail: email, on: tx) {
                try await Outbox.enqueue(MailTexts.render(.alreadyRegistered, in: language ?? .de), to: email, account: existing, now: now, on: tx)
                return
            }
            let id = try await Accounts.create(
                on: tx, email: email, displayName: displayName, passwordHash: hash,
                district: district?.trimmingCharacters(in: .whitespacesAndNewlines), role: .participant, verifiedAt: nil, now: now,
                // The language the registration asked in is the account's from now on.
                language: language ?? .de
            )
            let token = try await Verifications.issue(
                for: id, now: now, lifetime: settings.verificationLifetime, on: tx
            )
            try await Outbox.enqueue(
                MailTexts.verification(displayName: displayName, token: token.text, lifetime: settings.verificationLifetime, in: language ?? .de),
                to: email, account: id, now: now, on: tx)
        }
    }

    /// Redeems a verification token.
    public func verify(token: String) async throws {
        guard (20...200).contains(token.utf8.count), try await Verifications.redeem(token, now: clock.now, on: database) else {
            throw ServiceError.invalid([.init(field: "token", message: "is unknown, used or expired")])
        }
    }

    /// Logs in. Unknown address and wrong password give the same error after the same work.
    /// An account with a confirmed second factor also needs `totp` (the authenticator app's
    /// current code) or `recoveryCode`; without one, and only after the password was right,
    /// the answer is ``ServiceError/secondFactor(_:)``. A refused code stays counted by the
    /// login throttle like a wrong password.
    public func login(
        email rawEmail: String, password: String, totp: String? = nil, recoveryCode: String? = nil, clientAddress: String?,
        userAgent: String?
    ) async throws -> (token: SecretToken, expiresAt: Date, account: AccountRecord) {
        let email = AccountRules.normalizedEmail(rawEmail)
        var problems: [FieldProblem] = []
        if email.isEmpty || email.utf8.count > 254 { problems.append(.init(field: "email", message: "must have 1 to 254 characters")) }
        if password.isEmpty || password.codePoints > 256 { problems.append(.init(field: "password", message: "must have 1 to 256 characters")) }
        problems += SecondFactorRules.loginProblems(totp: totp, recoveryCode: recoveryCode)
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        let now = clock.now
        if let wait = try await throttle.attempt(email: email, address: clientAddress, now: now, on: database) {
            throw ServiceError.tooManyRequests(retryAfter: wait)
        }
        let found = try await Accounts.credentials(email: email, on: database)
        let matches = try await hasher.verify(password, hash: found?.passwordHash)
        guard matches, let account = found?.account, account.status == .active else {
            throw ServiceError.unauthenticated("the e-mail address or the password is wrong")
        }
        try await checkSecondFactor(of: account.id, totp: totp, recoveryCode: recoveryCode, now: now)
        try await throttle.recordSuccess(email: email, address: clientAddress, on: database)
        let session = try await Sessions.open(
            for: account.id, now: now, lifetimes: settings.sessionLifetimes, clientAddress: clientAddress, userAgent: userAgent, on: database
        )
        return (session.token, session.expiresAt, account)
    }

    /// Creates a verified account directly (first admin, staff), recorded in the audit log.
    public func createStaff(
        email rawEmail: String, password: String, displayName: String, role: GlobalRole, by actor: AuditActor
    ) async throws -> Account.ID {
        let problems = AccountRules.registrationProblems(email: rawEmail, password: password, displayName: displayName, district: nil)
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        let email = AccountRules.normalizedEmail(rawEmail)
        let hash = try await hasher.hash(password)
        let now = clock.now
        return try await database.withTransaction { tx in
            guard try await Accounts.id(forEmail: email, on: tx) == nil else {
                throw ServiceError.conflict(.state, "an account with this e-mail address exists already")
            }
            let id = try await Accounts.create(
                on: tx, email: email, displayName: displayName, passwordHash: hash, district: nil,
                role: role, verifiedAt: now, now: now
            )
            try await Audit.record(
                "account.create", target: ("account", id.uuidString.lowercased()), by: actor, reason: "role \(role.rawValue)",
                now: now, on: tx
            )
            return id
        }
    }

    /// Sets a new password (staff reset); every session of the account ends.
    public func resetPassword(_ id: Account.ID, to password: String, by actor: AuditActor, reason: String?) async throws {
        if let problem = AccountRules.passwordProblem(password) {
            throw ServiceError.invalid([.init(field: "password", message: problem)])
        }
        let hash = try await hasher.hash(password)
        let now = clock.now
        try await database.withTransaction { tx in
            guard let account = try await Accounts.find(id: id, on: tx), account.status != .erased else {
                throw ServiceError.notFound("no such account")
            }
            try await Accounts.setPassword(id, hash: hash, now: now, on: tx)
            try await Audit.record(
                "account.reset-password", target: ("account", id.uuidString.lowercased()), by: actor, reason: reason,
                now: now, on: tx
            )
        }
    }

    /// Suspends (or reactivates) an account; suspension ends its sessions.
    public func setStatus(_ id: Account.ID, _ status: AccountStatus, by actor: AuditActor, reason: String?) async throws {
        let now = clock.now
        try await database.withTransaction { tx in
            try await Accounts.setStatus(id, status, now: now, on: tx)
            try await Audit.record(
                status == .active ? "account.reactivate" : "account.suspend",
                target: ("account", id.uuidString.lowercased()), by: actor, reason: reason, now: now, on: tx
            )
        }
    }

    /// The account's personal data. When staff read someone else's (`actor` given), that
    /// is recorded first, so the export itself shows who looked.
    public func export(_ id: Account.ID, by actor: AuditActor? = nil, reason: String? = nil) async throws -> PersonalDataExport {
        if let actor {
            let now = clock.now
            try await database.withTransaction { tx in
                try await Audit.record(
                    "account.export", target: ("account", id.uuidString.lowercased()), by: actor, reason: reason, now: now, on: tx
                )
            }
        }
        return try await PersonalData.export(account: id, on: database)
    }

    public func erase(_ id: Account.ID, by actor: AuditActor, reason: String?) async throws {
        try await PersonalData.erase(account: id, by: actor, reason: reason, now: clock.now, on: database)
    }

    /// The account behind a bearer token, with the session it opened; nil when the token is
    /// unknown, revoked or expired, or the account is no longer active.
    public func authenticate(token: String) async throws -> (account: AccountRecord, session: Session.ID)? {
        guard let session = try await Sessions.resolve(token: token, now: clock.now, lifetimes: settings.sessionLifetimes, on: database)
        else { return nil }
        return (session.account, session.sessionID)
    }

    /// Ends the session (log out).
    public func endSession(_ session: Session.ID) async throws {
        try await Sessions.revoke(session, now: clock.now, on: database)
    }

    /// The account an operator names by id or e-mail address, or a not-found naming it.
    public func account(named reference: String) async throws -> AccountRecord {
        if let id = Account.ID(reference), let account = try await Accounts.find(id: id, on: database) { return account }
        let email = AccountRules.normalizedEmail(reference)
        guard let found = try await Accounts.credentials(email: email, on: database) else {
            throw ServiceError.notFound("no account \(reference)")
        }
        return found.account
    }

    /// A page of the accounts whose e-mail or display name contains `search` (all when
    /// nil), oldest first, with the number that match in all.
    public func list(search: String?, limit: Int = 100, offset: Int = 0) async throws -> AccountPage {
        try await Accounts.list(search: search, limit: limit, offset: offset, on: database)
    }

    /// Corrects the district an account votes in (`ballot.districtOnly`). Participants
    /// cannot change it themselves, so it cannot be switched during a vote; staff correct a
    /// mistake, recorded in the audit log with the old and the new district.
    public func setDistrict(_ id: Account.ID, to district: String?, by actor: AuditActor, reason: String) async throws {
        let trimmed = district?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let trimmed, let problem = AccountRules.districtProblem(trimmed) { throw ServiceError.invalid("district", problem) }
        let now = clock.now
        try await database.withTransaction { tx in
            guard let old = try await Accounts.setDistrict(id, to: trimmed?.isEmpty == false ? trimmed : nil, on: tx) else {
                throw ServiceError.notFound("no such account")
            }
            try await Audit.record(
                "account.set-district", target: ("account", id.description), by: actor,
                reason: "\(old ?? "none") → \(trimmed ?? "none"): \(reason)", now: now, on: tx
            )
        }
    }
}
