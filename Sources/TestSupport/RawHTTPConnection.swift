import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to a test server, for what an HTTP client library will not do:
/// send a malformed or endless request, stop reading, watch the server close. Every wait
/// blocks a thread of its own, never the cooperative pool: on two cores two blocked pool
/// threads leave the in-process server no thread to answer on.
public final class RawHTTPConnection: @unchecked Sendable {
    private let socket: Int32

    /// Connects to 127.0.0.1:`port`; `receiveBuffer` shrinks the socket's receive buffer, so
    /// a reader that stops reading stalls the server's writes soon.
    public init(port: Int, receiveBuffer: Int32? = nil) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBuffer {
            setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            _ = Glibc.close(socket)
            throw TestSetupError("cannot connect to 127.0.0.1:\(port)")
        }
    }

    public func send(_ text: String) {
        _ = text.withCString { Glibc.send(socket, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }

    /// What arrives until the server closes (true) or `seconds` pass without a byte (false).
    public func readUntilClosed(seconds: Int32) async -> (String, Bool) {
        await onOwnThread { self.blockingRead(seconds: seconds) }
    }

    /// The first line of the response, waiting at most a second for it.
    public func statusLine() async -> String {
        await onOwnThread { self.blockingStatusLine() }
    }

    public func close() { _ = Glibc.close(socket) }

    private func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
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

    private func blockingStatusLine() -> String {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 1000) > 0 else { return "(no answer)" }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = recv(socket, &buffer, buffer.count, 0)
        guard count > 0 else { return "(closed)" }
        return String(decoding: buffer[0..<count], as: UTF8.self).split(separator: "\r\n").first.map(String.init) ?? ""
    }
}
