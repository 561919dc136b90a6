import Crypto
import Foundation
import MitredenDomain
import PostgresNIO

/// Checks the audit log's hash chain from its first event to its last, independently of
/// the database function that wrote it: each event must follow the previous one without
/// a gap, name the previous event's hash, and hash to its own stored value.
public enum AuditChain {
    /// The outcome of a check; `broken` names the first link that does not hold.
    public struct Report: Sendable, Equatable {
        public var events: Int
        /// Hex SHA-256 of the last event: record it elsewhere to detect a rewritten chain.
        public var head: String?
        public var broken: String?
    }

    /// Reads the events in chain order as a stream (memory stays flat for any length) and
    /// calls `progress` every 10,000 events.
    public static func verify(progress: @Sendable (Int) -> Void = { _ in }, in database: Database) async throws -> Report {
        // Read-only and repeatable: the chain is checked as one consistent snapshot.
        try await database.withTransaction(isolation: .repeatableRead) { tx in
            let rows = try await tx.stream(
                """
                SELECT seq, id, (extract(epoch FROM occurred_at) * 1000000)::bigint, actor_id::text, actor_label, action,
                       target_type, target_id, reason, prev_hash, hash
                FROM audit_events ORDER BY seq
                """)
            var expectedPrevious = Data(count: 32)
            var count = 0
            for try await row in rows {
                let (seq, id, micros, actor, label, action, targetType, targetID, reason, previous, stored) = try row.decode(
                    (Int64, Int64, Int64, String?, String, String, String, String, String?, Data, Data).self
                )
                count += 1
                let place = "event #\(seq) (id \(id), \(action) on \(targetType) \(targetID))"
                if seq != Int64(count) {
                    return Report(
                        events: count - 1, head: Self.hex(expectedPrevious),
                        broken: "\(place): expected #\(count) next — events before it were removed or renumbered")
                }
                if previous != expectedPrevious {
                    return Report(
                        events: count - 1, head: Self.hex(expectedPrevious),
                        broken: "\(place): does not link to the hash of the event before it")
                }
                let message = Self.message(
                    seq: seq, micros: micros, actor: actor, label: label, action: action,
                    targetType: targetType, targetID: targetID, reason: reason)
                let computed = Data(SHA256.hash(data: previous + Data(message.utf8)))
                if computed != stored {
                    return Report(
                        events: count - 1, head: Self.hex(expectedPrevious),
                        broken: "\(place): its content does not match its hash — it was altered after it was written")
                }
                expectedPrevious = stored
                if count % 10_000 == 0 { progress(count) }
            }
            return Report(events: count, head: count == 0 ? nil : Self.hex(expectedPrevious), broken: nil)
        }
    }

    /// The same text as the database's `audit_event_message` (Schema/0005): fields joined
    /// by newlines, texts prefixed with their length in characters.
    static func message(
        seq: Int64, micros: Int64, actor: String?, label: String, action: String, targetType: String, targetID: String, reason: String?
    ) -> String {
        func prefixed(_ text: String) -> String { "\(text.unicodeScalars.count):\(text)" }
        return [
            String(seq), String(micros), actor ?? "-", prefixed(label), prefixed(action), prefixed(targetType),
            prefixed(targetID), reason.map(prefixed) ?? "-",
        ].joined(separator: "\n")
    }

    public static func hex(_ bytes: Data) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
