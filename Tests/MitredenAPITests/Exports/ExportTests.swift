import Crypto
import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// The exports the council, clerks and researchers receive.
@Suite struct ExportTests {
    static let day: TimeInterval = 86_400

    /// A campaign in its results phase (exports public) or still voting (staff only).
    static func phases(resultsNow: Bool) -> [PhaseWindow] {
        let now = Date()
        return resultsNow
            ? [
                PhaseWindow(kind: .voting, startsAt: now - 20 * day, endsAt: now - day),
                PhaseWindow(kind: .results, startsAt: now - day, endsAt: now + 30 * day),
            ]
            : [
                PhaseWindow(kind: .voting, startsAt: now - day, endsAt: now + 10 * day),
                PhaseWindow(kind: .results, startsAt: now + 20 * day, endsAt: now + 30 * day),
            ]
    }

    /// A moderator of the campaign's unit: staff may export at any time.
    static func staffToken(_ client: any TestClientProtocol, _ database: Database) async throws -> String {
        let fixtures = AccountFixtures(client: client, database: database)
        try await fixtures.member(try await fixtures.account("Moritz"), of: "bezirk", as: .moderator)
        return try await fixtures.login("Moritz")
    }

    @Test func everyTextCellIsSafeAndHiddenContentIsAbsent() async throws {
        try await withTestApp { client, database in
            let made = try await ExportFixtures(database: database).make(phases: Self.phases(resultsNow: true))
            let token = try await Self.staffToken(client, database)
            for name in ["proposals.csv", "comments.csv"] {
                let response = try await client.send(.get, "/v1/campaigns/haushalt/exports/\(name)", token: token)
                #expect(response.status == .ok, "\(name): \(response.text)")
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                let rows = CSVReader.rows(response.text)
                for row in rows.dropFirst() {
                    for (column, cell) in row.enumerated() where !cell.isEmpty {
                        let numeric = Double(cell) != nil && cell.first != "'"
                        if !numeric {
                            #expect(!["=", "+", "-", "@", "\t", "\r"].contains { cell.hasPrefix($0) }, "\(name) column \(rows[0][column]): \(cell)")
                        }
                    }
                }
                for secret in ExportFixtures.secretTitles + ["WARTENDER Kommentar"] { #expect(!response.text.contains(secret), "\(name)") }
                #expect(!response.text.contains("@example.org"))
                for account in made.participants { #expect(!response.text.contains(account.uuidString.lowercased())) }
            }
            let proposals = CSVReader.rows(try await client.send(.get, "/v1/campaigns/haushalt/exports/proposals.csv", token: token).text)
            #expect(proposals[0] == ProposalsCSVExport.header)
            #expect(proposals.count - 1 == made.published.count)
            let titles = Set(proposals.dropFirst().map { $0[1] })
            #expect(titles.contains("'=HYPERLINK(\"http://evil.example\";\"klick\")"))
            #expect(titles.contains("Zeile eins\nZeile zwei"))
            #expect(titles.contains("Grünfläche \"Am Dom\"; mit Bänken"))
            let accepted = try #require(proposals.first { $0[12] == "accepted" })
            #expect(accepted[13] == "'=Wird umgesetzt; \"bald\"")
            let comments = CSVReader.rows(try await client.send(.get, "/v1/campaigns/haushalt/exports/comments.csv", token: token).text)
            #expect(comments.count - 1 == made.publishedComments)
        }
    }

    @Test func theBundleManifestVouchesForEveryFileAndReExportIsIdentical() async throws {
        try await withTestApp { client, database in
            let made = try await ExportFixtures(database: database).make(phases: Self.phases(resultsNow: true))
            let token = try await Self.staffToken(client, database)
            let first = try await client.send(.get, "/v1/campaigns/haushalt/exports/bundle.zip", token: token)
            #expect(first.status == .ok, "\(first.text)")
            #expect(first.headers[.contentType] == "application/zip")
            let files = StoredZip.entries(Array(first.body.readableBytesView))
            #expect(
                Set(files.keys) == [
                    "proposals.csv", "comments.csv", "results.json", "election.pb", "recount.txt", "report.html", "accountability.csv",
                    "manifest.json",
                ])
            let manifest = try JSONSerialization.jsonObject(with: Data(try #require(files["manifest.json"]))) as? [String: Any]
            let listed = try #require(manifest?["files"] as? [[String: Any]])
            for entry in listed {
                let name = try #require(entry["name"] as? String)
                let bytes = try #require(files[name], "\(name) is in the manifest but not in the archive")
                #expect(entry["sha256"] as? String == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined(), "\(name)")
                #expect(entry["bytes"] as? Int == bytes.count)
            }
            let rows = Dictionary(uniqueKeysWithValues: listed.map { ($0["name"] as? String ?? "", $0["rows"] as? Int ?? -1) })
            #expect(rows["proposals.csv"] == made.published.count)
            #expect(rows["comments.csv"] == made.publishedComments)
            #expect(rows["results.json"] == 1)
            let supports = try await database.query("SELECT count(*)::int FROM supports")[0].decode(Int.self)
            #expect(supports == (1...made.published.count).reduce(0, +))
            #expect(manifest?["campaign"] as? String == "haushalt")
            #expect(manifest?["snapshotAt"] is String)

            // The streamed Pabulib file is the one the Pabulib export builds in one piece.
            let whole = try PabulibWriter.write(try await PabulibTransfer(database: database, clock: .system).exportElection(campaign: "haushalt"))
            #expect(files["election.pb"].map { String(decoding: $0, as: UTF8.self) } == whole)
            #expect(rows["election.pb"] == 3)
            let second = StoredZip.entries(
                Array(try await client.send(.get, "/v1/campaigns/haushalt/exports/bundle.zip", token: token).body.readableBytesView))
            for name in files.keys where name != "manifest.json" && name != "report.html" { #expect(second[name] == files[name], "\(name)") }
            // The report shows the time of the snapshot, like the manifest; everything else is the same.
            #expect(files["report.html"].map { String(decoding: $0, as: UTF8.self).count } != nil)
            func withoutSnapshotTime(_ bytes: [UInt8]?) -> String? {
                bytes.map {
                    String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "<p class=\"meta\">[^<]*</p>", with: "", options: .regularExpression)
                }
            }
            #expect(withoutSnapshotTime(second["report.html"]) == withoutSnapshotTime(files["report.html"]))
            #expect(withoutSnapshotTime(files["report.html"])?.contains("Haushalt") == true)
        }
    }

    @Test func fromTheResultsPhaseACampaignMayPublishItsOpenDataToEveryone() async throws {
        try await withTestApp { client, database in
            _ = try await ExportFixtures(database: database).make(phases: Self.phases(resultsNow: true), openData: true)
            for name in ["proposals.csv", "results.json", "election.pb", "report.html"] {
                let response = try await client.send(.get, "/v1/campaigns/haushalt/exports/\(name)")
                #expect(response.status == .ok, "\(name): \(response.text)")
            }
            // Citizens' free text and the full bundle stay with the staff.
            #expect(try await client.send(.get, "/v1/campaigns/haushalt/exports/comments.csv").status == .unauthorized)
            #expect(try await client.send(.get, "/v1/campaigns/haushalt/exports/bundle.zip").status == .unauthorized)
            let report = try await client.send(.get, "/v1/campaigns/haushalt/exports/report.html?lang=en")
            #expect(report.headers[.contentType] == "text/html; charset=utf-8")
            #expect(report.text.contains("Participatory budget outcome"))
            #expect(!report.text.contains("@example.org"))
        }
        try await withTestApp { client, database in
            // The same campaign without open data: nothing for the public, even in the results phase.
            _ = try await ExportFixtures(database: database).make(phases: Self.phases(resultsNow: true), openData: false)
            #expect(try await client.send(.get, "/v1/campaigns/haushalt/exports/proposals.csv").status == .unauthorized)
        }
    }

    @Test func beforeTheResultsPhaseOnlyStaffOfTheUnitExport() async throws {
        try await withTestApp { client, database in
            _ = try await ExportFixtures(database: database).make(phases: Self.phases(resultsNow: false), openData: true)
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.account("Paula")
            try await fixtures.member(try await fixtures.account("Moritz"), of: "bezirk", as: .moderator)
            try await fixtures.member(try await fixtures.account("Fremd"), of: "anderes-amt", as: .manager)
            #expect(try await client.send(.get, "/v1/campaigns/haushalt/exports/proposals.csv").status == .unauthorized)
            #expect(
                try await client.send(.get, "/v1/campaigns/haushalt/exports/proposals.csv", token: try await fixtures.login("Paula")).status
                    == .forbidden)
            #expect(
                try await client.send(.get, "/v1/campaigns/haushalt/exports/proposals.csv", token: try await fixtures.login("Fremd")).status
                    == .forbidden)
            let staff = try await client.send(
                .get, "/v1/campaigns/haushalt/exports/proposals.csv?spreadsheet=german", token: try await fixtures.login("Moritz"))
            #expect(staff.status == .ok)
            #expect(Array(staff.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(staff.text.contains("id;title;category"))
            let unknown = try await client.send(.get, "/v1/campaigns/haushalt/exports/secrets.txt", token: try await fixtures.login("Moritz"))
            #expect(unknown.status == .notFound)
            _ = try unknown.problem()
            let badOption = try await client.send(
                .get, "/v1/campaigns/haushalt/exports/proposals.csv?spreadsheet=excel", token: try await fixtures.login("Moritz"))
            #expect(badOption.status == .unprocessableContent)
            #expect(try badOption.problem().errors?.first?.field == "spreadsheet")
        }
    }
}
