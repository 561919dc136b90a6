import MitredenDomain
import Synchronization

/// Passes bytes into the open entry of a streamed ZIP archive on their way to `sink`.
final class ZipEntrySink: ExportSink {
    private let sink: any ExportSink
    private let archive = Mutex(ZipArchiveWriter())

    init(sink: any ExportSink) { self.sink = sink }

    func begin(_ name: String) async throws {
        let header = try archive.withLock { archive throws(ZipArchiveError) in try archive.begin(name: name) }
        try await sink.write(header)
    }

    func write(_ bytes: [UInt8]) async throws {
        try archive.withLock { archive throws(ZipArchiveError) in try archive.append(bytes) }
        try await sink.write(bytes)
    }

    func end() async throws {
        try await sink.write(archive.withLock { $0.end() })
    }

    func add(_ name: String, contents: [UInt8]) async throws {
        try await sink.write(try archive.withLock { archive throws(ZipArchiveError) in try archive.add(name: name, contents: contents) })
    }

    func finish() async throws {
        try await sink.write(archive.withLock { $0.finish() })
    }
}
