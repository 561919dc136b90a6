import Crypto
import Foundation
import MitredenDomain

/// Where export bytes go: a file, an HTTP response body, a ZIP entry. Writers call it
/// with chunks of about 64 KiB and wait, so a slow reader slows the export instead of
/// filling memory.
public protocol ExportSink: Sendable {
    func write(_ bytes: [UInt8]) async throws
}

/// What an export file turned out to be: the numbers the manifest vouches for.
public struct ExportFileSummary: Sendable, Equatable, Codable {
    public var name: String
    public var sha256: String
    public var bytes: Int
    /// Data rows (CSV records without the header, ballots in a .pb file, runs in results.json).
    public var rows: Int
}

/// Writes one export file: buffers text into chunks, hashes and counts what passes, and
/// reports progress every 1,000 rows.
public final class ExportFileWriter {
    public let name: String
    private let sink: any ExportSink
    private let progress: @Sendable (Int) -> Void
    private var hasher = SHA256()
    private var buffer: [UInt8] = []
    private var bytes = 0
    public private(set) var rows = 0

    static let chunkSize = 64 * 1024

    public init(name: String, sink: any ExportSink, progress: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.name = name
        self.sink = sink
        self.progress = progress
        buffer.reserveCapacity(Self.chunkSize)
    }

    public func write(_ text: String) async throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.chunkSize { try await flush() }
    }

    /// Counts one data row (call after writing it).
    public func countRow() {
        rows += 1
        if rows % 1_000 == 0 { progress(rows) }
    }

    public func finish() async throws -> ExportFileSummary {
        try await flush()
        progress(rows)
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return ExportFileSummary(name: name, sha256: digest, bytes: bytes, rows: rows)
    }

    private func flush() async throws {
        guard !buffer.isEmpty else { return }
        hasher.update(data: buffer)
        bytes += buffer.count
        let chunk = buffer
        buffer.removeAll(keepingCapacity: true)
        try await sink.write(chunk)
    }
}
