import Foundation
import MitredenDomain
import Testing

@Suite struct ZipArchiveWriterTests {
    static func archive(_ files: [(String, String)]) throws -> [UInt8] {
        var writer = ZipArchiveWriter()
        var bytes: [UInt8] = []
        for (name, text) in files { bytes += try writer.add(name: name, contents: Array(text.utf8)) }
        return bytes + writer.finish()
    }

    @Test func anotherZipReaderExtractsEveryFileIntact() throws {
        let files = [("manifest.json", "{\"files\": 2}"), ("proposals.csv", "id,title\r\n1,Grünfläche\r\n"), ("leer.txt", "")]
        let path = FileManager.default.temporaryDirectory.appending(path: "\(UUID().uuidString).zip").path
        try Data(try Self.archive(files)).write(to: URL(filePath: path))
        // Python's zipfile checks the CRCs and the directory; `testzip` returns the first bad file or None.
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/python3")
        process.arguments = ["-c", """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None
            for n in z.namelist(): sys.stdout.write(n + "=" + z.read(n).decode("utf-8").replace("\\r\\n", "|") + "\\n")
            """, path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: data, as: UTF8.self) == "manifest.json={\"files\": 2}\nproposals.csv=id,title|1,Grünfläche|\nleer.txt=\n")
    }

    @Test func theSameFilesGiveTheSameBytes() throws {
        let files = [("a.csv", "x"), ("b.json", "{}")]
        #expect(try Self.archive(files) == Self.archive(files))
        #expect(try Self.archive(files) != Self.archive([("a.csv", "y"), ("b.json", "{}")]))
    }
}
