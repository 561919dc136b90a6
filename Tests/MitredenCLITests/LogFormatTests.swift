import Foundation
import TestSupport
import Testing

@Suite struct LogFormatTests {
    @Test func jsonLogFormatWritesOneObjectPerLine() async throws {
        try await withTestDatabase(migrated: false) { url, _ in
            let result = try await MitredenBinary.run(
                ["migrate"], environment: MitredenBinary.environment(database: url, extra: ["MITREDEN_LOG_FORMAT": "json"])
            )
            #expect(result.status == 0)
            let logLines = result.output.split(separator: "\n").filter { $0.hasPrefix("{") }
            #expect(!logLines.isEmpty, "no JSON log lines in: \(result.output)")
            for line in logLines {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
                #expect(object["level"] != nil)
                #expect(object["message"] != nil)
                #expect(object["time"] != nil)
            }
            #expect(logLines.contains { $0.contains("0001_foundation.sql") })
            #expect(!result.output.contains(url.password ?? "\u{0}"), "the database password must never be logged")
        }
    }
}
