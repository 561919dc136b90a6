import MitredenStore
import Testing

@Suite struct DatabaseURLTests {
    @Test func parsesEveryPart() throws {
        let url = try DatabaseURL("postgres://app:s%40cret@127.0.0.1:5433/city?sslmode=require")
        #expect(url.host == "127.0.0.1")
        #expect(url.port == 5433)
        #expect(url.username == "app")
        #expect(url.password == "s@cret")
        #expect(url.database == "city")
        #expect(url.sslMode == .require)
        #expect(url.isLoopback)
    }

    @Test func neverPrintsThePassword() throws {
        let url = try DatabaseURL("postgresql://app:topsecret@db.example.org/city")
        #expect(!url.description.contains("topsecret"))
        #expect(url.port == 5432)
        #expect(!url.isLoopback)
    }

    @Test func explainsWhatIsWrong() {
        #expect(throws: DatabaseURLError.self) { try DatabaseURL("mysql://a@b/c") }
        #expect(throws: DatabaseURLError.self) { try DatabaseURL("postgres://127.0.0.1/db") }
        #expect(throws: DatabaseURLError.self) { try DatabaseURL("postgres://a@127.0.0.1/") }
        #expect(throws: DatabaseURLError.self) { try DatabaseURL("postgres://a@127.0.0.1/db?sslmode=maybe") }
    }
}
