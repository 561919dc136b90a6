/// Writes a ZIP archive with stored (uncompressed) entries and fixed timestamps, so the
/// same files always give the same bytes and the same hash — a bundle exported twice from
/// unchanged data is identical. Entries are streamed: a whole file with ``add(name:contents:)``,
/// or chunk by chunk with ``begin(name:)``, ``append(_:)`` and ``end()`` (sizes and CRC then
/// follow the data in a descriptor, so nothing has to be held in memory).
public struct ZipArchiveWriter: Sendable {
    private struct Entry: Sendable {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
        var usesDescriptor = false
    }

    private var entries: [Entry] = []
    private var offset: UInt32 = 0
    private var open: (name: [UInt8], start: UInt32, crc: UInt32, size: UInt32, usesDescriptor: Bool)?

    public init() {}

    /// The local header and data of one file; write the returned bytes in order.
    public mutating func add(name: String, contents: [UInt8]) throws(ZipArchiveError) -> [UInt8] {
        guard contents.count < Int(UInt32.max), entries.count < Int(UInt16.max) else { throw .tooLarge(name) }
        let nameBytes = Array(name.utf8)
        let crc = CRC32.checksum(contents)
        var header: [UInt8] = []
        header.append(le32: 0x0403_4b50)
        header.append(le16: 20)  // version needed: 2.0
        header.append(le16: 0x0800)  // names are UTF-8
        header.append(le16: 0)  // stored
        header.append(le16: 0)  // time 00:00
        header.append(le16: 0x0021)  // date 1980-01-01
        header.append(le32: crc)
        header.append(le32: UInt32(contents.count))
        header.append(le32: UInt32(contents.count))
        header.append(le16: UInt16(nameBytes.count))
        header.append(le16: 0)
        header.append(contentsOf: nameBytes)
        entries.append(Entry(name: nameBytes, crc: crc, size: UInt32(contents.count), offset: offset))
        let (next, overflow) = offset.addingReportingOverflow(UInt32(header.count + contents.count))
        guard !overflow else { throw .tooLarge(name) }
        offset = next
        return header + contents
    }

    /// Starts a streamed entry; its header's sizes are zero and bit 3 says a descriptor follows.
    public mutating func begin(name: String) throws(ZipArchiveError) -> [UInt8] {
        guard open == nil, entries.count < Int(UInt16.max) else { throw .tooLarge(name) }
        let nameBytes = Array(name.utf8)
        var header: [UInt8] = []
        header.append(le32: 0x0403_4b50)
        header.append(le16: 20)
        header.append(le16: 0x0808)  // UTF-8 names, sizes in a data descriptor
        header.append(le16: 0)
        header.append(le16: 0)
        header.append(le16: 0x0021)
        header.append(le32: 0)
        header.append(le32: 0)
        header.append(le32: 0)
        header.append(le16: UInt16(nameBytes.count))
        header.append(le16: 0)
        header.append(contentsOf: nameBytes)
        open = (nameBytes, offset, 0xFFFF_FFFF, 0, true)
        offset += UInt32(header.count)
        return header
    }

    /// Accounts for a chunk of the open entry; the caller writes the chunk itself.
    public mutating func append(_ chunk: some Collection<UInt8>) throws(ZipArchiveError) {
        guard var entry = open else { return }
        let (size, overflow) = entry.size.addingReportingOverflow(UInt32(clamping: chunk.count))
        let (next, overflow2) = offset.addingReportingOverflow(UInt32(clamping: chunk.count))
        guard !overflow, !overflow2, chunk.count < Int(UInt32.max) else { throw .tooLarge(String(decoding: entry.name, as: UTF8.self)) }
        entry.crc = CRC32.update(entry.crc, chunk)
        entry.size = size
        offset = next
        open = entry
    }

    /// Ends the open entry; returns its data descriptor.
    public mutating func end() -> [UInt8] {
        guard let entry = open else { return [] }
        let crc = entry.crc ^ 0xFFFF_FFFF
        var descriptor: [UInt8] = []
        descriptor.append(le32: 0x0807_4b50)
        descriptor.append(le32: crc)
        descriptor.append(le32: entry.size)
        descriptor.append(le32: entry.size)
        entries.append(Entry(name: entry.name, crc: crc, size: entry.size, offset: entry.start, usesDescriptor: true))
        offset += UInt32(descriptor.count)
        open = nil
        return descriptor
    }

    /// The central directory and its end record: the last bytes of the archive.
    public func finish() -> [UInt8] {
        var directory: [UInt8] = []
        for entry in entries {
            directory.append(le32: 0x0201_4b50)
            directory.append(le16: 20)  // made by: 2.0
            directory.append(le16: 20)
            directory.append(le16: entry.usesDescriptor ? 0x0808 : 0x0800)
            directory.append(le16: 0)
            directory.append(le16: 0)
            directory.append(le16: 0x0021)
            directory.append(le32: entry.crc)
            directory.append(le32: entry.size)
            directory.append(le32: entry.size)
            directory.append(le16: UInt16(entry.name.count))
            directory.append(le16: 0)  // extra
            directory.append(le16: 0)  // comment
            directory.append(le16: 0)  // disk
            directory.append(le16: 0)  // internal attributes
            directory.append(le32: 0)  // external attributes
            directory.append(le32: entry.offset)
            directory.append(contentsOf: entry.name)
        }
        var end: [UInt8] = []
        end.append(le32: 0x0605_4b50)
        end.append(le16: 0)
        end.append(le16: 0)
        end.append(le16: UInt16(entries.count))
        end.append(le16: UInt16(entries.count))
        end.append(le32: UInt32(directory.count))
        end.append(le32: offset)
        end.append(le16: 0)
        return directory + end
    }
}

public enum ZipArchiveError: Error, Sendable, Equatable {
    /// Over the 4 GiB / 65,535-entry limits of a ZIP without the ZIP64 extension.
    case tooLarge(String)
}

/// CRC-32 (IEEE 802.3), as ZIP requires.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 { update(0xFFFF_FFFF, bytes) ^ 0xFFFF_FFFF }

    /// Continues a running CRC (started at 0xFFFFFFFF, finished by inverting it).
    static func update(_ running: UInt32, _ bytes: some Collection<UInt8>) -> UInt32 {
        var crc = running
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc
    }
}

extension [UInt8] {
    mutating func append(le16 value: UInt16) { append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8)]) }
    mutating func append(le32 value: UInt32) {
        append(contentsOf: [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)])
    }
}
