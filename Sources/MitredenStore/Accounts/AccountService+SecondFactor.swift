import Foundation
import MitredenDomain
import PostgresNIO

/// What an enrolment hands out, once: the secret (base32, for typing it in), the same as a
/// provisioning URI (for a QR code), and the recovery codes. None of it is shown again.
public struct SecondFactorEnrolment: Sendable {
    public var secret: String
    public var provisioningURI: String
    public var recoveryCodes: [String]
}

/// Where an account stands with its second factor.
public struct SecondFactorStatus: Sendable, Equatable {
    /// A confirmed TOTP secret: logins need a code.
    public var enrolled: Bool
    public var enrolledAt: Date?
    /// An enrolment was started and waits for its first code.
    public var pending: Bool
    /// `MITREDEN_STAFF_MFA_REQUIRED` is on and the account is staff.
    public var required: Bool
    /// Recovery codes not used yet (0 without an enrolment).
    public var recoveryCodesLeft: Int
}

/// Input checks shared by login and enrolment.
enum SecondFactorRules {
    static let codeDigits = 6

    static func loginProblems(totp: String?, recoveryCode: String?) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if totp != nil, recoveryCode != nil {
            problems.append(.init(field: "recoveryCode", message: "send either totp or recoveryCode, not both"))
        }
        if let totp, totp.isEmpty || totp.codePoints > 16 { problems.append(.init(field: "totp", message: "must have 1 to 16 characters")) }
        if let recoveryCode, recoveryCode.isEmpty || recoveryCode.codePoints > 64 {
            problems.append(.init(field: "recoveryCode", message: "must have 1 to 64 characters"))
        }
        return problems
    }
}

extension AccountService {
    /// Checked after the password: nothing when the account has no confirmed second
    /// factor, otherwise the code or recovery code must be accepted (each only once).
    func checkSecondFactor(of account: Account.ID, totp: String?, recoveryCode: String?, now: Date) async throws {
        guard let enrolment = try await SecondFactors.enrolment(of: account, on: database), enrolment.isConfirmed else { return }
        if let totp {
            guard let step = TOTP(secret: enrolment.secret).matchingStep(totp, at: now, after: enrolment.lastUsedStep),
                try await SecondFactors.use(step: step, of: account, on: database)
            else { throw ServiceError.secondFactor(.rejected) }
        } else if let recoveryCode {
            guard try await SecondFactors.redeem(recoveryCode: recoveryCode, of: account, now: now, on: database) else {
                throw ServiceError.secondFactor(.rejected)
            }
        } else {
            throw ServiceError.secondFactor(.required)
        }
    }

    static let notStaff = ServiceError.forbidden("a second factor is for staff accounts (an admin or a role in a unit)")

    /// True when `MITREDEN_STAFF_MFA_REQUIRED` is on, the account is staff and has no
    /// confirmed second factor: its sessions may then only set one up. Asked on every
    /// authenticated request, so a participant given a unit role is held to it at once; it
    /// reads the database only for staff while the setting is on.
    public func mustEnrolSecondFactor(_ account: AccountRecord) async throws -> Bool {
        guard settings.staffSecondFactorRequired, account.isStaff else { return false }
        return try await SecondFactors.enrolment(of: account.id, on: database)?.isConfirmed != true
    }

    public func secondFactorStatus(of account: AccountRecord) async throws -> SecondFactorStatus {
        let enrolment = try await SecondFactors.enrolment(of: account.id, on: database)
        var left = 0
        if enrolment?.isConfirmed == true { left = try await SecondFactors.recoveryCodesLeft(of: account.id, on: database) }
        return SecondFactorStatus(
            enrolled: enrolment?.isConfirmed == true, enrolledAt: enrolment?.confirmedAt, pending: enrolment?.isConfirmed == false,
            required: settings.staffSecondFactorRequired && account.isStaff, recoveryCodesLeft: left)
    }

    /// Starts (or starts over) a TOTP enrolment for a staff account: a new secret and new
    /// recovery codes, shown this once. Nothing changes at login until it is confirmed.
    public func startTOTPEnrolment(for account: AccountRecord) async throws -> SecondFactorEnrolment {
        guard account.isStaff else { throw Self.notStaff }
        let secret = TOTP.generateSecret()
        let codes = (0..<RecoveryCode.count).map { _ in RecoveryCode.generate() }
        let now = clock.now
        try await database.withTransaction { tx in
            try await SecondFactors.start(for: account.id, secret: secret, recoveryCodes: codes, now: now, on: tx)
        }
        let totp = TOTP(secret: secret)
        return SecondFactorEnrolment(
            secret: Base32.encode(secret), provisioningURI: totp.provisioningURI(accountName: account.displayName ?? account.id.description),
            recoveryCodes: codes)
    }

    /// Confirms the waiting enrolment with a current code, which proves the app has the
    /// secret. From then on logins need a code. The account's other sessions end (they were
    /// opened with the password alone); `session`, which confirmed, stays. A wrong code is
    /// counted by the login throttle like a wrong password. Audited.
    public func confirmTOTPEnrolment(for account: AccountRecord, session: Session.ID, code: String, clientAddress: String?) async throws {
        guard account.isStaff else { throw Self.notStaff }
        let digits = code.filter { $0 != " " }
        guard digits.count == SecondFactorRules.codeDigits, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ServiceError.invalid("code", "must be the \(SecondFactorRules.codeDigits) digits the authenticator app shows")
        }
        let now = clock.now
        let throttleEmail = account.email ?? account.id.description
        if let wait = try await throttle.attempt(email: throttleEmail, address: clientAddress, now: now, on: database) {
            throw ServiceError.tooManyRequests(retryAfter: wait)
        }
        guard let enrolment = try await SecondFactors.enrolment(of: account.id, on: database) else {
            throw ServiceError.conflict(.state, "no enrolment is waiting for a code; start one first")
        }
        guard !enrolment.isConfirmed else { throw ServiceError.conflict(.state, "the second factor is set up already") }
        guard let step = TOTP(secret: enrolment.secret).matchingStep(digits, at: now) else {
            throw ServiceError.invalid("code", "is not the authenticator app's current code")
        }
        let lifetimes = settings.sessionLifetimes
        try await database.withTransaction { tx in
            guard try await SecondFactors.confirm(account.id, step: step, now: now, on: tx) else {
                throw ServiceError.conflict(.state, "the enrolment was confirmed or reset meanwhile")
            }
            _ = try await Sessions.revokeOthers(of: account.id, keeping: session, now: now, lifetimes: lifetimes, on: tx)
            try await Audit.record(
                "account.mfa-enrol", target: ("account", account.id.description), by: AuditActor(accountID: account.id, label: "self"),
                reason: "TOTP", now: now, on: tx)
        }
        try await throttle.recordSuccess(email: throttleEmail, address: clientAddress, on: database)
    }

    /// Removes an account's second factor (a lost phone, used-up recovery codes) and ends
    /// its sessions; the next login needs the password only, or under
    /// `MITREDEN_STAFF_MFA_REQUIRED` sets a new factor up. Audited.
    public func resetSecondFactor(_ id: Account.ID, by actor: AuditActor, reason: String?) async throws {
        let now = clock.now
        try await database.withTransaction { tx in
            guard try await SecondFactors.remove(of: id, on: tx) else {
                throw ServiceError.notFound("the account has no second factor")
            }
            try await Sessions.revokeAll(of: id, now: now, on: tx)
            try await Audit.record("account.mfa-reset", target: ("account", id.description), by: actor, reason: reason, now: now, on: tx)
        }
    }
}
