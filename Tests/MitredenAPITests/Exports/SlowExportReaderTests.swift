import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// A streamed export holds a database connection while the client reads. Readers that stop
/// reading must not take the API down: only a few exports stream at once (the rest get 503
/// with Retry-After), and a stalled one is let go after the send timeout.
@Suite struct SlowExportReaderTests {
    @Test func twentyFiveStalledReadersLeaveTheAPIAnswering() async throws {
        try await withTestApp(configure: {
            $0.exports.concurrency = 2
            $0.exports.sendTimeout = .seconds(3)
        }) { client, database in
            let day: TimeInterval = 86_400
            let now = Date()
            let made = try await ExportFixtures(database: database).make(phases: [
                PhaseWindow(kind: .voting, startsAt: now - 3 * day, endsAt: now - day),
                PhaseWindow(kind: .results, startsAt: now - day, endsAt: now + 30 * day),
            ])
            // About 9 MB of CSV: more than the loopback socket buffers hold, so an export to a
            // reader that reads nothing stalls instead of finishing into the buffers.
            try await database.query(
                """
                INSERT INTO proposals (campaign_id, title, moderation_status, created_at, published_at)
                SELECT \(made.campaign.id), 'Vorschlag ' || g || ' ' || repeat('x', 180), 'published', now(), now()
                FROM generate_series(1, 40000) g
                """)
            let accounts = AccountFixtures(client: client, database: database)
            try await accounts.member(try await accounts.account("Clara"), of: "bezirk", as: .official)
            let token = try await accounts.login("Clara")
            let port = try #require(client.port)

            // Readers that send one request and then read (almost) nothing: a small receive
            // buffer, and only the status line when asked.
            let stalled = try (0..<25).map { _ in
                let reader = try RawHTTPConnection(port: port, receiveBuffer: 4096)
                reader.send("GET /v1/campaigns/haushalt/exports/proposals.csv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n")
                return reader
            }
            try await Task.sleep(for: .seconds(1))

            var latencies: [Duration] = []
            for path in ["/health/ready", "/v1/campaigns", "/health/ready", "/v1/campaigns/haushalt", "/health/ready"] {
                let start = ContinuousClock.now
                let response = try await client.send(.get, path)
                latencies.append(ContinuousClock.now - start)
                #expect(response.status == .ok, "\(path): \(response.status)")
            }
            // Alone on the machine the median is a few milliseconds (100 ms is the target);
            // the whole suite runs in parallel beside it, so the bound here is looser. Without
            // the gate, these requests time out or answer 503.
            let median = latencies.sorted()[latencies.count / 2]
            #expect(median < .seconds(1), "latencies \(latencies)")

            var heads: [String] = []
            for reader in stalled { heads.append(await reader.statusLine()) }
            #expect(heads.filter { $0.hasPrefix("HTTP/1.1 503") }.count >= 23, "\(heads)")
            #expect(heads.filter { $0.hasPrefix("HTTP/1.1 200") }.count <= 2, "\(heads)")

            // Past the send timeout the stalled exports are let go (their readers still connected)
            // and a new one streams whole. It is read on a connection of its own, which waits
            // for each next byte: the test client allows a whole response 20 s, which nine
            // megabytes from a debug build on a loaded machine can take while streaming steadily.
            func download() async throws -> (text: String, closed: Bool) {
                let connection = try RawHTTPConnection(port: port)
                defer { connection.close() }
                connection.send(
                    "GET /v1/campaigns/haushalt/exports/proposals.csv HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer \(token)\r\nConnection: close\r\n\r\n")
                return await connection.readUntilClosed(seconds: 15)
            }
            var export = try await download()
            for _ in 0..<30 where export.text.hasPrefix("HTTP/1.1 503") {
                try await Task.sleep(for: .seconds(1))
                export = try await download()
            }
            #expect(export.text.hasPrefix("HTTP/1.1 200"), "\(export.text.prefix(200))")
            // Chunked: the last chunk (size 0) ends it, then the server closes as asked.
            #expect(export.closed && export.text.hasSuffix("\r\n0\r\n\r\n"))
            #expect(export.text.utf8.count > 8_000_000)
            stalled.forEach { $0.close() }
        }
    }
}
