import Foundation

/// Reads the stored (uncompressed) entries of a ZIP through its central directory, the
/// way unzip does, so the test checks what a user's tool would see.
enum StoredZip {
    static func entries(_ bytes: [UInt8]) -> [String: [UInt8]] {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        guard bytes.count >= 22 else { return [:] }
        var end = bytes.count - 22
        while end > 0, u32(end) != 0x0605_4b50 { end -= 1 }
        let count = u16(end + 10)
        var at = u32(end + 16)
        var files: [String: [UInt8]] = [:]
        for _ in 0..<count {
            let size = u32(at + 24), nameLength = u16(at + 28), extra = u16(at + 30), comment = u16(at + 32), local = u32(at + 42)
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            let dataStart = local + 30 + u16(local + 26) + u16(local + 28)
            files[name] = Array(bytes[dataStart..<(dataStart + size)])
            at += 46 + nameLength + extra + comment
        }
        return files
    }
}
