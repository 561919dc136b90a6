import Crypto
import Foundation
import MitredenDomain
import PostgresNIO

/// The stored second factor of an account (Schema 0017): its TOTP secret, whether the
/// enrolment was confirmed, the last step accepted, and the hashed recovery codes.
public enum SecondFactors {
    /// An account's TOTP enrolment as stored.
    public struct Enrolment: Sendable {
        public var secret: [UInt8]
        public var createdAt: Date
        public var confirmedAt: Date?
        public var lastUsedStep: Int64?
        public var isConfirmed: Bool { confirmedAt != nil }
    }

    public static func enrolment(of account: Account.ID, on db: some SQLExecutor) async throws -> Enrolment? {
        let rows = try await db.query(
            "SELECT secret, created_at, confirmed_at, last_used_step FROM account_totp WHERE account_id = \(account)")
        guard let row = rows.first else { return nil }
        let (secret, createdAt, confirmedAt, lastUsedStep) = try row.decode((Data, Date, Date?, Int64?).self)
        return Enrolment(secret: Array(secret), createdAt: createdAt, confirmedAt: confirmedAt, lastUsedStep: lastUsedStep)
    }

    /// Replaces an unconfirmed enrolment (or none) with a new secret and recovery codes; a
    /// confirmed one stays and the caller is refused.
    static func start(
        for account: Account.ID, secret: [UInt8], recoveryCodes: [String], now: Date, on tx: some SQLExecutor
    ) async throws {
        try await tx.query("DELETE FROM account_totp WHERE account_id = \(account) AND confirmed_at IS NULL")
        let inserted = try await tx.query(
            """
            INSERT INTO account_totp (account_id, secret, created_at) VALUES (\(account), \(Data(secret)), \(now))
            ON CONFLICT (account_id) DO NOTHING RETURNING account_id
            """)
        guard inserted.count == 1 else {
            throw ServiceError.conflict(.state, "a second factor is set up already; staff can reset it (mitreden account mfa reset)")
        }
        // Hex text: PostgresNIO binds no array of bytea.
        let hashes = recoveryCodes.map { RecoveryCode.hash($0).map { String(format: "%02x", $0) }.joined() }
        try await tx.query(
            """
            INSERT INTO account_recovery_codes (account_id, code_hash)
            SELECT \(account), decode(hash, 'hex') FROM unnest(\(hashes)::text[]) AS hash
            """)
    }

    /// Confirms a waiting enrolment with the step of its first code; false when there was
    /// none waiting (confirmed meanwhile, reset, or never started).
    static func confirm(_ account: Account.ID, step: Int64, now: Date, on tx: some SQLExecutor) async throws -> Bool {
        try await tx.query(
            """
            UPDATE account_totp SET confirmed_at = \(now), last_used_step = \(step)
            WHERE account_id = \(account) AND confirmed_at IS NULL RETURNING account_id
            """
        ).count == 1
    }

    /// Records `step` as used when it is later than the last one used: one statement, so two
    /// logins with the same code at the same moment cannot both pass.
    static func use(step: Int64, of account: Account.ID, on db: some SQLExecutor) async throws -> Bool {
        try await db.query(
            """
            UPDATE account_totp SET last_used_step = \(step)
            WHERE account_id = \(account) AND confirmed_at IS NOT NULL AND (last_used_step IS NULL OR last_used_step < \(step))
            RETURNING account_id
            """
        ).count == 1
    }

    /// Marks a recovery code used; false when it is unknown or used already.
    static func redeem(recoveryCode: String, of account: Account.ID, now: Date, on db: some SQLExecutor) async throws -> Bool {
        try await db.query(
            """
            UPDATE account_recovery_codes SET used_at = \(now)
            WHERE account_id = \(account) AND code_hash = \(RecoveryCode.hash(recoveryCode)) AND used_at IS NULL
              AND EXISTS (SELECT 1 FROM account_totp t WHERE t.account_id = \(account) AND t.confirmed_at IS NOT NULL)
            RETURNING account_id
            """
        ).count == 1
    }

    /// Recovery codes not used yet.
    static func recoveryCodesLeft(of account: Account.ID, on db: some SQLExecutor) async throws -> Int {
        try await db.query("SELECT count(*) FROM account_recovery_codes WHERE account_id = \(account) AND used_at IS NULL")
            .first!.decode(Int.self)
    }

    /// Removes the second factor (and its recovery codes); false when there was none.
    static func remove(of account: Account.ID, on tx: some SQLExecutor) async throws -> Bool {
        try await tx.query("DELETE FROM account_totp WHERE account_id = \(account) RETURNING account_id").count == 1
    }
}

/// Single-use recovery codes: 16 characters of base32 (80 random bits) in groups of four,
/// `abcd-efgh-ijkl-mnop`. Typed back, case, spaces and hyphens do not matter.
public enum RecoveryCode {
    public static let count = 10

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<10).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Base32.encode(bytes).lowercased()
        return stride(from: 0, to: 16, by: 4).map { start in
            String(text.dropFirst(start).prefix(4))
        }.joined(separator: "-")
    }

    /// The canonical form: lower-case base32 letters only.
    public static func normalized(_ text: String) -> String {
        String(text.lowercased().filter { $0 != "-" && $0 != " " })
    }

    /// What is stored and looked up: SHA-256 of the canonical form.
    static func hash(_ text: String) -> Data { Data(SHA256.hash(data: Data(normalized(text).utf8))) }
}
