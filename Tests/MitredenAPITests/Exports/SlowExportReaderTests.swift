import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

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

            let stalled = try (0..<25).map { _ in try StalledReader(port: port, path: "/v1/campaigns/haushalt/exports/proposals.csv", token: token) }
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

            // Read on a thread of its own: blocking the cooperative pool (two threads here)
            // would keep the server's own request tasks from running meanwhile.
            let heads = await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: stalled.map { $0.statusLine() }) }.start()
            }
            #expect(heads.filter { $0.hasPrefix("HTTP/1.1 503") }.count >= 23, "\(heads)")
            #expect(heads.filter { $0.hasPrefix("HTTP/1.1 200") }.count <= 2, "\(heads)")

            // Past the send timeout the stalled exports are let go (their readers still connected)
            // and a new one streams whole.
            var export = try await client.send(.get, "/v1/campaigns/haushalt/exports/proposals.csv", token: token)
            for _ in 0..<30 where export.status == .serviceUnavailable {
                try await Task.sleep(for: .seconds(1))
                export = try await client.send(.get, "/v1/campaigns/haushalt/exports/proposals.csv", token: token)
            }
            #expect(export.status == .ok)
            #expect(export.body.readableBytes > 8_000_000)
            stalled.forEach { $0.close() }
        }
    }
}

/// An HTTP client that sends one request and then reads (almost) nothing: a small receive
/// buffer, and only the status line when asked.
private final class StalledReader: @unchecked Sendable {
    private let socket: Int32

    init(port: Int, path: String, token: String) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var size: Int32 = 4096
        setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestSetupError("cannot connect to 127.0.0.1:\(port)") }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n"
        _ = request.withCString { send(socket, $0, strlen($0), 0) }
    }

    /// The first line of the response, waiting at most a second for it.
    func statusLine() -> String {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 1000) > 0 else { return "(no answer)" }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = recv(socket, &buffer, buffer.count, 0)
        guard count > 0 else { return "(closed)" }
        return String(decoding: buffer[0..<count], as: UTF8.self).split(separator: "\r\n").first.map(String.init) ?? ""
    }

    func close() { _ = Glibc.close(socket) }
}
