import Foundation
import HummingbirdTesting
import TestSupport
import Testing

/// A body over the limit is refused with 413 however it arrives, and the server reads no
/// more of it: it closes the connection after the answer instead of reading the rest to
/// reach a next request (Tests/Faults, scenario malformed).
@Suite struct OversizedBodyTests {
    @Test func chunkedBodyOverTheLimitIs413NotA500() async throws {
        try await withTestApp(configure: { $0.bodyLimit = 1024 }) { client, _ in
            let connection = try RawHTTPConnection(port: try #require(client.port))
            defer { connection.close() }
            connection.send("POST /health/live HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            for _ in 0..<4 { connection.send("400\r\n" + String(repeating: "[", count: 1024) + "\r\n") }
            let (answer, closed) = await connection.readUntilClosed(seconds: 30)
            #expect(answer.hasPrefix("HTTP/1.1 413"))
            #expect(answer.contains("body-too-large"))
            #expect(closed)
        }
    }

    @Test func announcedBodyOverTheLimitIsRefusedWithoutReadingIt() async throws {
        try await withTestApp(configure: { $0.bodyLimit = 1024 }) { client, _ in
            let connection = try RawHTTPConnection(port: try #require(client.port))
            defer { connection.close() }
            // Two megabytes announced, none sent: the answer must not wait for them, and the
            // connection ends rather than waiting to read them.
            connection.send("POST /health/live HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n")
            let (answer, closed) = await connection.readUntilClosed(seconds: 30)
            #expect(answer.hasPrefix("HTTP/1.1 413"))
            #expect(answer.lowercased().contains("connection: close"))
            #expect(closed)
        }
    }
}

/// A plain TCP connection: bytes out, everything the server sends until it closes.
