import Foundation
import HummingbirdTesting
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A body over the limit is refused with 413 however it arrives, and the server reads no
/// more of it: it closes the connection after the answer instead of reading the rest to
/// reach a next request (Tests/Faults, scenario malformed).
@Suite struct OversizedBodyTests {
    @Test func chunkedBodyOverTheLimitIs413NotA500() async throws {
        try await withTestApp(configure: { $0.bodyLimit = 1024 }) { client, _ in
            let connection = try RawConnection(port: try #require(client.port))
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
            let connection = try RawConnection(port: try #require(client.port))
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
private final class RawConnection: @unchecked Sendable {
    private let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestSetupError("cannot connect to 127.0.0.1:\(port)") }
    }

    func send(_ text: String) {
        _ = text.withCString { Glibc.send(socket, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }

    /// What arrives until the server closes (true) or `seconds` pass without a byte (false).
    /// The wait blocks a thread of its own: blocked on the cooperative pool (two threads on
    /// two cores), two such tests left the server's own request tasks no thread to answer on.
    func readUntilClosed(seconds: Int32) async -> (String, Bool) {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.blockingRead(seconds: seconds)) }.start()
        }
    }

    private func blockingRead(seconds: Int32) -> (String, Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, seconds * 1000) > 0 else { return (String(decoding: received, as: UTF8.self), false) }
            let count = recv(socket, &buffer, buffer.count, 0)
            guard count > 0 else { return (String(decoding: received, as: UTF8.self), true) }
            received += buffer[0..<count]
        }
    }

    func close() { _ = Glibc.close(socket) }
}
