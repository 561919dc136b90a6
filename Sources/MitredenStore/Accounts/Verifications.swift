import Foundation
import MitredenDomain
import PostgresNIO

/// Single-use, expiring codes sent by mail: to verify an address, to reset a forgotten
/// password, to confirm a new address. Only their SHA-256 is stored.
public enum Verifications {
    /// What a code may be redeemed for.
    public enum Purpose: Sendable, Equatable {
        case verify, passwordReset
        case emailChange(to: String)

        var rawValue: String {
            switch self {
            case .verify: "verify"
            case .passwordReset: "password-reset"
            case .emailChange: "email-change"
            }
        }

        var newEmail: String? {
            if case .emailChange(let address) = self { return address }
            return nil
        }
    }

    /// Issues a code for the account; the caller mails it. Earlier unused codes of the same
    /// kind stop working, so only the newest mail counts.
    public static func issue(
        for account: Account.ID, _ purpose: Purpose = .verify, now: Date, lifetime: TimeInterval, on db: some SQLExecutor
    ) async throws -> SecretToken {
        let token = SecretToken.generate()
        try await db.transaction { tx in
            try await tx.query(
                """
                UPDATE email_verifications SET used_at = \(now)
                WHERE account_id = \(account) AND purpose = \(purpose.rawValue) AND used_at IS NULL
                """)
            try await tx.query(
                """
                INSERT INTO email_verifications (token_hash, account_id, created_at, expires_at, purpose, new_email)
                VALUES (\(token.hash), \(account), \(now), \(now.addingTimeInterval(lifetime)), \(purpose.rawValue), \(purpose.newEmail))
                """)
        }
        return token
    }

    /// Uses up a code of the kind `purpose` names (`.emailChange` matches any address);
    /// returns its account and, for an address change, the new address. Nil when the code
    /// is unknown, used, expired or of another kind.
    static func consume(_ token: String, _ purpose: Purpose, now: Date, on tx: Transaction) async throws -> (Account.ID, String?)? {
        guard (20...200).contains(token.utf8.count) else { return nil }
        let rows = try await tx.query(
            """
            UPDATE email_verifications SET used_at = \(now)
            WHERE token_hash = \(SecretToken(text: token).hash) AND purpose = \(purpose.rawValue) AND used_at IS NULL AND expires_at > \(now)
            RETURNING account_id, new_email
            """)
        return try rows.first?.decode((Account.ID, String?).self)
    }

    /// Marks the account verified; false when the token is unknown, used or expired.
    public static func redeem(_ token: String, now: Date, on db: some SQLExecutor) async throws -> Bool {
        let hash = SecretToken(text: token).hash
        return try await db.transaction { db in
            let rows = try await db.query(
                """
                UPDATE email_verifications SET used_at = \(now)
                WHERE token_hash = \(hash) AND purpose = 'verify' AND used_at IS NULL AND expires_at > \(now)
                RETURNING account_id
                """)
            guard let account = try rows.first?.decode(Account.ID.self) else { return false }
            try await db.query(
                """
                UPDATE accounts SET verified_at = coalesce(verified_at, \(now)) WHERE id = \(account) AND status = 'active'
                """)
            return true
        }
    }
}
