import Foundation
import MitredenDomain
import TestSupport
import Testing

@Suite struct ZipArchiveWriterTests {
    /// Whole files, except the second, which is streamed in small chunks with a descriptor.
    static func archive(_ files: [(String, String)]) throws -> [UInt8] {
        var writer = ZipArchiveWriter()
        var bytes: [UInt8] = []
        for (index, (name, text)) in files.enumerated() {
            if index == 1 {
                bytes += try writer.begin(name: name)
                let data = Array(text.utf8)
                for start in stride(from: 0, to: data.count, by: 3) {
                    let chunk = data[start..<min(start + 3, data.count)]
                    try writer.append(chunk)
                    bytes += chunk
                }
                bytes += writer.end()
            } else {
                bytes += try writer.add(name: name, contents: Array(text.utf8))
            }
        }
        return bytes + writer.finish()
    }

    @Test func anotherZipReaderExtractsEveryFileIntact() async throws {
        let files = [("manifest.json", "{\"files\": 2}"), ("proposals.csv", "id,title\r\n1,Grünfläche\r\n"), ("leer.txt", "")]
        let path = FileManager.default.temporaryDirectory.appending(path: "\(UUID().uuidString).zip").path
        try Data(try Self.archive(files)).write(to: URL(filePath: path))
        // Python's zipfile checks the CRCs and the directory; `testzip` returns the first bad file or None.
        let script = """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None
            for n in z.namelist(): sys.stdout.write(n + "=" + z.read(n).decode("utf-8").replace("\\r\\n", "|") + "\\n")
            """
        let result = try await ChildProcess.run(["/usr/bin/python3", "-c", script, path], environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == "manifest.json={\"files\": 2}\nproposals.csv=id,title|1,Grünfläche|\nleer.txt=\n")
    }

    @Test func theSameFilesGiveTheSameBytes() throws {
        let files = [("a.csv", "x"), ("b.json", "{}")]
        #expect(try Self.archive(files) == Self.archive(files))
        #expect(try Self.archive(files) != Self.archive([("a.csv", "y"), ("b.json", "{}")]))
    }
}
