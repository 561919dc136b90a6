import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// `q` on the proposal list: German stems, names as written, umlauts optional, best match
/// first (Schema 0021).
@Suite struct GermanSearchTests {
    /// The titles a search lists, in its order, every page followed.
    static func titles(_ query: String, client: some TestClientProtocol) async throws -> [String] {
        var titles: [String] = []
        var cursor: String?
        repeat {
            let suffix = cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? ""
            let page = try await client.send(.get, "/v1/campaigns/domplatz/proposals?limit=2&\(query)\(suffix)")
            #expect(page.status == .ok, "\(query): \(page.text)")
            titles += try page.items().compactMap { $0["title"] as? String }
            cursor = try page.json()["nextCursor"] as? String
        } while cursor != nil
        return titles
    }

    @Test func germanPluralsUmlautsAndNamesAreFound() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            let author = try await fixtures.accounts.account("Paula")
            try await fixtures.proposal("Mehr Bäume am Domplatz", in: "domplatz", by: author, body: "Schatten im Sommer")
            try await fixtures.proposal("Öffentliche Toiletten", in: "domplatz", by: author, body: "Zwei Häuschen am Rand")
            try await fixtures.proposal("Bank für Frau Müller", in: "domplatz", by: author, body: "Sie wartet dort jeden Tag")
            try await fixtures.proposal("Café mit Außenplätzen", in: "domplatz", by: author, body: "Kaffee und Kuchen")
            try await fixtures.proposal("Fahrradständer", in: "domplatz", by: author, body: "Viele Räder")

            // Singular finds plural and the other way round; umlauts may be typed or not.
            #expect(try await Self.titles("q=Baum", client: client) == ["Mehr Bäume am Domplatz"])
            #expect(try await Self.titles("q=B%C3%A4ume", client: client) == ["Mehr Bäume am Domplatz"])
            #expect(try await Self.titles("q=Baeume", client: client).isEmpty)  // ae is not ä: no guessing
            #expect(try await Self.titles("q=Toilette", client: client) == ["Öffentliche Toiletten"])
            #expect(try await Self.titles("q=offentliche%20Toilette", client: client) == ["Öffentliche Toiletten"])
            // Names as written, with or without the umlaut; accents too.
            #expect(try await Self.titles("q=M%C3%BCller", client: client) == ["Bank für Frau Müller"])
            #expect(try await Self.titles("q=Muller", client: client) == ["Bank für Frau Müller"])
            #expect(try await Self.titles("q=Cafe", client: client) == ["Café mit Außenplätzen"])
            #expect(try await Self.titles("q=Aussenplatz", client: client) == ["Café mit Außenplätzen"])
            // A word in no proposal finds nothing, and the count agrees.
            let none = try await client.send(.get, "/v1/campaigns/domplatz/proposals?q=Seilbahn")
            #expect(try none.items().isEmpty)
            #expect(try none.json()["total"] as? Int == 0)
        }
    }

    @Test func aSearchListsTheBestMatchFirstAcrossPages() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            let author = try await fixtures.accounts.account("Paula")
            for (title, body) in [
                ("Spielplatz", "Ein Baum zum Klettern"), ("Bäume pflanzen", "Ein Baum hier, ein Baum dort, Bäume überall"),
                ("Brunnen", "Wasser statt Bäumen"), ("Bänke", "Zum Sitzen"),
            ] {
                _ = try await fixtures.proposal(title, in: "domplatz", by: author, body: body)
                clock.advance(by: 60)
            }

            // Title hits weigh most; ties and pages follow the rank, each match once.
            let ranked = try await Self.titles("q=Baum", client: client)
            #expect(ranked.first == "Bäume pflanzen")
            #expect(Set(ranked) == ["Bäume pflanzen", "Spielplatz", "Brunnen"])
            #expect(ranked.count == 3)
            // Another order can still be asked for; relevance without words is refused.
            #expect(try await Self.titles("q=Baum&sort=new", client: client) == ["Brunnen", "Bäume pflanzen", "Spielplatz"])
            let refused = try await client.send(.get, "/v1/campaigns/domplatz/proposals?sort=relevance")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("sort"))
            // A forged rank in a cursor is a 422, never a failed cast.
            let forged = Data("relevance|abc|\(UUID())".utf8).base64EncodedString()
            let encoded = forged.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? forged
            let bad = try await client.send(.get, "/v1/campaigns/domplatz/proposals?q=Baum&cursor=\(encoded)")
            #expect(bad.status == .unprocessableContent)
        }
    }

    @Test func theRuntimeRoleSearchesWithTheOwnersFunctions() async throws {
        // The server logs in as mitreden_runtime (Schema 0012): the unaccent wrapper and the
        // query function were created by the owner and must be executable by it.
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            let author = try await fixtures.accounts.account("Paula")
            try await fixtures.proposal("Grünfläche", in: "domplatz", by: author, body: "Rasen")
            let rows = try await database.query("SELECT has_function_privilege('mitreden_runtime', 'mitreden_search_query(text)', 'EXECUTE')")
            #expect(try rows[0].decode(Bool.self))
            #expect(try await Self.titles("q=Grunflachen", client: client) == ["Grünfläche"])
        }
    }
}
