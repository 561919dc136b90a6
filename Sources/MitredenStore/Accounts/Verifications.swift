import Foundation
import MitredenDomain
import PostgresNIO

/// Single-use, expiring e-mail verification tokens.
public enum Verifications {
    /// Issues a token for the account; the caller mails it.
    public static func issue(for account: Account.ID, now: Date, lifetime: TimeInterval, on db: some SQLExecutor) async throws -> SecretToken {
        let token = SecretToken.generate()
        try await db.query(
            """
            INSERT INTO email_verifications (token_hash, account_id, created_at, expires_at)
            VALUES (\(token.hash), \(account), \(now), \(now.addingTimeInterval(lifetime)))
            """)
        return token
    }

    /// Marks the account verified; false when the token is unknown, used or expired.
    public static func redeem(_ token: String, now: Date, on db: some SQLExecutor) async throws -> Bool {
        let hash = SecretToken(text: token).hash
        return try await db.transaction { db in
            let rows = try await db.query(
                """
                UPDATE email_verifications SET used_at = \(now)
                WHERE token_hash = \(hash) AND used_at IS NULL AND expires_at > \(now)
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
