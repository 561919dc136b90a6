import Crypto
import Foundation
import MitredenDomain
import PostgresNIO

/// The answer remembered for an idempotency key: what the first request was answered,
/// byte for byte, so a retry gets exactly that again.
public struct RememberedAnswer: Sendable, Equatable {
    public var status: Int
    public var contentType: String?
    public var location: String?
    public var body: Data

    public init(status: Int, contentType: String?, location: String?, body: Data) {
        self.status = status
        self.contentType = contentType
        self.location = location
        self.body = body
    }
}

/// `idempotency_keys`: the keys of an account's writes and their answers, for 24 hours.
/// Claimed and answered inside the request's ``UnitOfWork``, so the key is stored exactly
/// when the effect is.
public enum IdempotencyKeys {
    /// How long a key is remembered. A retry later than this is a new request.
    public static let lifetime: TimeInterval = 24 * 3600
    /// The longest key accepted (Stripe's limit; a UUID needs 36).
    public static let maximumLength = 255

    public enum Claim: Sendable, Equatable {
        /// The key is new (or its earlier use has expired): the request runs, and its answer
        /// must be remembered in the same transaction.
        case fresh
        /// The key was used for this very request: here is its answer.
        case replay(RememberedAnswer)
    }

    /// The SHA-256 that tells two requests apart: method, path with query, and body.
    public static func requestHash(method: String, target: String, body: some Sequence<UInt8>) -> Data {
        var hasher = SHA256()
        hasher.update(data: Data("\(method) \(target)\n".utf8))
        hasher.update(data: Data(body))
        return Data(hasher.finalize())
    }

    /// Whether `key` is a key this API accepts: 1 to 255 visible ASCII characters.
    public static func isWellFormed(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= maximumLength && key.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// Claims `key` for `account`'s request. A concurrent request holding the same key
    /// makes this wait until it commits (then this is its replay) or rolls back (then this
    /// request runs). The same key for a different request within the lifetime is refused.
    public static func claim(
        _ key: String, account: Account.ID, requestHash: Data, now: Date, on tx: Transaction
    ) async throws -> Claim {
        // An expired row is taken over in place; a live one is left alone and read below.
        let claimed = try await tx.query(
            """
            INSERT INTO idempotency_keys (account_id, key, request_hash, created_at)
            VALUES (\(account), \(key), \(requestHash), \(now))
            ON CONFLICT (account_id, key) DO UPDATE
                SET request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at,
                    status = NULL, content_type = NULL, location = NULL, body = NULL
                WHERE idempotency_keys.created_at <= \(now.addingTimeInterval(-lifetime))
            RETURNING 1
            """)
        if !claimed.isEmpty { return .fresh }
        let rows = try await tx.query(
            """
            SELECT request_hash, status, content_type, location, body FROM idempotency_keys
            WHERE account_id = \(account) AND key = \(key)
            """)
        guard let row = rows.first else {
            // Pruned between the two statements: nothing remembers the key any more.
            throw ServiceError.conflict(.concurrentChange, "the idempotency key expired while it was read; send the request again")
        }
        let (hash, status, contentType, location, body) = try row.decode((Data, Int16?, String?, String?, Data?).self)
        guard hash == requestHash else {
            throw ServiceError.invalid(
                "Idempotency-Key", "was used for a different request in the last 24 hours; send a new key for a new request")
        }
        guard let status, let body else {
            throw ServiceError.unexpected("idempotency key committed without its answer")
        }
        return .replay(RememberedAnswer(status: Int(status), contentType: contentType, location: location, body: body))
    }

    /// Stores the answer of a fresh claim, in the transaction that claimed it.
    public static func remember(_ answer: RememberedAnswer, for key: String, account: Account.ID, on tx: Transaction) async throws {
        try await tx.query(
            """
            UPDATE idempotency_keys
            SET status = \(Int16(answer.status)), content_type = \(answer.contentType), location = \(answer.location), body = \(answer.body)
            WHERE account_id = \(account) AND key = \(key)
            """)
    }

    /// Deletes keys older than their lifetime; returns how many went.
    static func prune(now: Date, on db: some SQLExecutor) async throws -> Int {
        try await db.query("DELETE FROM idempotency_keys WHERE created_at <= \(now.addingTimeInterval(-lifetime)) RETURNING 1").count
    }

    /// Forgets every key of an erased account: remembered answers can hold its own text.
    static func forget(account: Account.ID, on tx: Transaction) async throws {
        try await tx.query("DELETE FROM idempotency_keys WHERE account_id = \(account)")
    }
}
