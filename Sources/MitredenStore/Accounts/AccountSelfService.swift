import Foundation
import MitredenDomain
import PostgresNIO

/// What citizens do with their own account without asking anyone: a new verification
/// mail, a forgotten password, a new password, name or address, and erasure with the
/// password. The requests that start from an address (resend, forgotten password) answer
/// alike whether or not the address has an account, after the same work, so they reveal
/// nothing; what would reveal something goes by mail to the address itself.
extension AccountService {
    /// Mails requested by address, per address and hour: enough for typos and spam
    /// filters, too few to bomb a mailbox.
    static let mailsPerAddressAndHour = 3

    /// Sends a new verification code if `rawEmail` has an active, unverified account; the
    /// earlier code stops working. Otherwise nothing happens, and the caller can't tell.
    public func resendVerification(email rawEmail: String, clientAddress: String?, language: Language? = nil) async throws {
        let email = try await admitMailRequest(rawEmail, clientAddress: clientAddress)
        let now = clock.now
        let lifetime = settings.verificationLifetime
        try await database.withTransaction { tx in
            guard let found = try await Accounts.credentials(email: email, on: tx), found.account.status == .active,
                found.account.verifiedAt == nil
            else { return }
            let token = try await Verifications.issue(for: found.account.id, .verify, now: now, lifetime: lifetime, on: tx)
            try await Outbox.enqueue(
                MailTexts.verification(
                    displayName: found.account.displayName ?? "", token: token.text, lifetime: lifetime, in: language ?? found.account.language),
                to: email, account: found.account.id, now: now, on: tx)
        }
    }

    /// Mails a single-use code for a new password if `rawEmail` has an active account.
    public func requestPasswordReset(email rawEmail: String, clientAddress: String?, language: Language? = nil) async throws {
        let email = try await admitMailRequest(rawEmail, clientAddress: clientAddress)
        let now = clock.now
        let lifetime = settings.passwordResetLifetime
        try await database.withTransaction { tx in
            guard let found = try await Accounts.credentials(email: email, on: tx), found.account.status == .active else { return }
            let token = try await Verifications.issue(for: found.account.id, .passwordReset, now: now, lifetime: lifetime, on: tx)
            let mail = MailTexts.render(
                .passwordReset, in: language ?? found.account.language,
                ["displayName": found.account.displayName ?? "", "token": token.text, "minutes": String(Int(lifetime / 60))])
            try await Outbox.enqueue(mail, to: email, account: found.account.id, now: now, on: tx)
        }
    }

    /// Redeems a reset code: the new password is set, every session ends, and the address
    /// counts as verified (the code reached it).
    public func completePasswordReset(token: String, newPassword: String, language: Language? = nil) async throws {
        if let problem = AccountRules.passwordProblem(newPassword) { throw ServiceError.invalid("newPassword", problem) }
        let hash = try await hasher.hash(newPassword)
        let now = clock.now
        try await database.withTransaction { tx in
            guard let (id, _) = try await Verifications.consume(token, .passwordReset, now: now, on: tx),
                let account = try await Accounts.find(id: id, on: tx), account.status == .active
            else { throw ServiceError.invalid("token", "is unknown, used or expired; ask for a new code") }
            try await Accounts.setPassword(id, hash: hash, now: now, on: tx)
            try await tx.query("UPDATE accounts SET verified_at = coalesce(verified_at, \(now)) WHERE id = \(id)")
            try await Self.tellOwner(.passwordChanged, account: account, language: language ?? account.language, now: now, on: tx)
        }
    }

    /// Changes the password of a signed-in account; the current one is required, and wrong
    /// guesses count against the login throttle. Every other session ends.
    public func changePassword(
        of account: AccountRecord, session: Session.ID, current: String, new newPassword: String, language: Language? = nil
    ) async throws {
        if let problem = AccountRules.passwordProblem(newPassword) { throw ServiceError.invalid("newPassword", problem) }
        try await reauthenticate(account, password: current, field: "currentPassword")
        let hash = try await hasher.hash(newPassword)
        let now = clock.now
        try await database.withTransaction { tx in
            try await tx.query("UPDATE accounts SET password_hash = \(hash) WHERE id = \(account.id)")
            _ = try await Sessions.revokeOthers(of: account.id, keeping: session, now: now, lifetimes: settings.sessionLifetimes, on: tx)
            try await Self.tellOwner(.passwordChanged, account: account, language: language ?? account.language, now: now, on: tx)
        }
    }

    /// Changes the public display name (the registration's rules, unique ignoring case)
    /// and/or the language the account reads mails and error texts in.
    public func updateProfile(of account: AccountRecord, displayName: String?, language: Language?) async throws -> AccountRecord {
        if let displayName, let problem = AccountRules.displayNameProblem(displayName) {
            throw ServiceError.invalid("displayName", problem)
        }
        return try await database.withTransaction { tx in
            if let displayName {
                // The registration's lock on the name, so a registration and a rename can't both take it.
                try await tx.query("SELECT pg_advisory_xact_lock(2, hashtext(lower(\(displayName))))")
                if displayName.lowercased() != account.displayName?.lowercased() {
                    guard try await !Accounts.isDisplayNameTaken(displayName, on: tx) else {
                        throw ServiceError.invalid("displayName", "is already taken")
                    }
                }
                try await tx.query("UPDATE accounts SET display_name = \(displayName), updated_at = now() WHERE id = \(account.id)")
            }
            if let language {
                try await tx.query("UPDATE accounts SET language = \(language.rawValue), updated_at = now() WHERE id = \(account.id)")
            }
            guard let updated = try await Accounts.find(id: account.id, on: tx) else { throw ServiceError.notFound("no such account") }
            return updated
        }
    }

    /// Starts a change of address: the password is required, a code goes to the new
    /// address, and nothing changes until it comes back (``confirmEmailChange(token:language:)``).
    /// An address that has an account already gets the "already registered" mail instead,
    /// so the answer does not tell whose address it is.
    public func requestEmailChange(of account: AccountRecord, to rawEmail: String, password: String, language: Language? = nil) async throws {
        let email = AccountRules.normalizedEmail(rawEmail)
        if let problem = AccountRules.emailProblem(email) { throw ServiceError.invalid("newEmail", problem) }
        try await reauthenticate(account, password: password, field: "password")
        let now = clock.now
        let lifetime = settings.verificationLifetime
        try await database.withTransaction { tx in
            if let owner = try await Accounts.id(forEmail: email, on: tx) {
                guard owner != account.id else { throw ServiceError.invalid("newEmail", "is the address the account has already") }
                try await Outbox.enqueue(MailTexts.render(.alreadyRegistered, in: language ?? .de), to: email, account: owner, now: now, on: tx)
                return
            }
            let token = try await Verifications.issue(for: account.id, .emailChange(to: email), now: now, lifetime: lifetime, on: tx)
            let mail = MailTexts.render(
                .emailChangeConfirmation, in: language ?? account.language,
                ["displayName": account.displayName ?? "", "token": token.text, "hours": String(Int(lifetime / 3600))])
            try await Outbox.enqueue(mail, to: email, account: account.id, now: now, on: tx)
        }
    }

    /// Redeems the code mailed to a new address: the account uses it from now on, and the
    /// old address is told where its mail goes (masked).
    public func confirmEmailChange(token: String, language: Language? = nil) async throws {
        let now = clock.now
        try await database.withTransaction { tx in
            guard let (id, newEmail) = try await Verifications.consume(token, .emailChange(to: ""), now: now, on: tx), let newEmail,
                let account = try await Accounts.find(id: id, on: tx), account.status == .active
            else { throw ServiceError.invalid("token", "is unknown, used or expired; ask for a new code") }
            guard let oldEmail = account.email else { throw ServiceError.notFound("no such account") }
            guard try await Accounts.id(forEmail: newEmail, on: tx) == nil else {
                throw ServiceError.conflict(.exists, "the new address belongs to another account by now")
            }
            try await tx.query("UPDATE accounts SET email = \(newEmail), verified_at = \(now), updated_at = now() WHERE id = \(id)")
            let mail = MailTexts.render(
                .emailChanged, in: language ?? account.language, ["displayName": account.displayName ?? "", "newAddress": MailTexts.masked(newEmail)])
            try await Outbox.enqueue(mail, to: oldEmail, account: id, now: now, on: tx)
        }
    }

    /// Erases the signed-in account after checking its password (GDPR Art. 17).
    public func eraseSelf(_ account: AccountRecord, password: String) async throws {
        try await reauthenticate(account, password: password, field: "password")
        // The actor is not linked to the account: after erasure nothing may point to the person.
        try await erase(account.id, by: AuditActor(accountID: nil, label: "self"), reason: "requested by the account holder")
    }

    /// Erases accounts never verified within `settings.unverifiedAccountLifetime`, freeing
    /// their names and addresses. Returns how many.
    public func eraseUnverified() async throws -> Int {
        let cutoff = clock.now.addingTimeInterval(-settings.unverifiedAccountLifetime)
        let rows = try await database.query(
            "SELECT id FROM accounts WHERE verified_at IS NULL AND status = 'active' AND created_at < \(cutoff) ORDER BY created_at LIMIT 500")
        var erased = 0
        for row in rows {
            try await erase(try row.decode(Account.ID.self), by: AuditActor(accountID: nil, label: "housekeeping"), reason: "never verified")
            erased += 1
        }
        return erased
    }

    // MARK: - Helpers

    /// Validates the address and counts the request against the per-client and
    /// per-address mail limits; returns the normalised address.
    private func admitMailRequest(_ rawEmail: String, clientAddress: String?) async throws -> String {
        let email = AccountRules.normalizedEmail(rawEmail)
        if let problem = AccountRules.emailProblem(email) { throw ServiceError.invalid("email", problem) }
        let now = clock.now
        var limits = [("mail:" + SecretToken.hexDigest(email), Self.mailsPerAddressAndHour)]
        if let clientAddress { limits.append((LoginThrottle.registrationKey(clientAddress), settings.registrationsPerAddress)) }
        for (key, limit) in limits {
            if let wait = try await throttle.consume(key: key, limit: limit, window: 3600, now: now, on: database) {
                throw ServiceError.tooManyRequests(retryAfter: wait)
            }
        }
        return email
    }

    /// Checks the signed-in account's password again, counted by the login throttle.
    private func reauthenticate(_ account: AccountRecord, password: String, field: String) async throws {
        guard let email = account.email else { throw ServiceError.notFound("no such account") }
        if let wait = try await throttle.attempt(email: email, address: nil, now: clock.now, on: database) {
            throw ServiceError.tooManyRequests(retryAfter: wait)
        }
        let found = try await Accounts.credentials(email: email, on: database)
        guard password.codePoints <= 256, try await hasher.verify(password, hash: found?.passwordHash) else {
            throw ServiceError.invalid(field, "is not the account's password")
        }
        try await throttle.recordSuccess(email: email, address: nil, on: database)
    }

    /// Tells the account's owner at their address what just happened to the account.
    private static func tellOwner(_ key: MailTexts.Key, account: AccountRecord, language: Language, now: Date, on tx: Transaction) async throws {
        guard let email = account.email else { return }
        try await Outbox.enqueue(
            MailTexts.render(key, in: language, ["displayName": account.displayName ?? ""]), to: email, account: account.id, now: now, on: tx)
    }
}
