import Foundation
import HTTPTypes
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import NIOCore

/// JSON requests with an optional bearer token. They ask for English (`Accept-Language: en`)
/// unless `headers` names a language: the tests assert the code's own (English) texts, and
/// the German catalogue is tested on purpose (`GermanProblemTests`, the mail tests).
extension TestClientProtocol {
    public func send(
        _ method: HTTPRequest.Method, _ uri: String, json: [String: any Sendable]? = nil, token: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.userAgent: "MitredenTests/1.0"]
        if extra[.acceptLanguage] == nil { headers[.acceptLanguage] = "en" }
        headers.append(contentsOf: extra)
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        }
        return try await execute(uri: uri, method: method, headers: headers, body: body)
    }
}

extension TestResponse {
    /// The body as a JSON object.
    public func json() throws -> [String: Any] {
        (try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]) ?? [:]
    }
}

/// Accounts for tests, made through the same service the CLI uses (verified at once) and
/// logged in through the API.
public struct AccountFixtures: Sendable {
    public let client: any TestClientProtocol
    public let database: Database
    public let clock: AppClock
    public static let password = "correct horse battery staple"

    public init(client: any TestClientProtocol, database: Database, clock: AppClock = .system) {
        self.client = client
        self.database = database
        self.clock = clock
    }

    var service: AccountService {
        var settings = AccountSettings()
        settings.bcryptCost = 4
        return AccountService(database: database, settings: settings, clock: clock)
    }

    /// Creates a verified account named `name` (e-mail `<name>@example.org`).
    @discardableResult
    public func account(_ name: String, role: GlobalRole = .participant) async throws -> Account.ID {
        try await service.createStaff(
            email: "\(name.lowercased())@example.org", password: Self.password, displayName: name, role: role, by: .commandLine
        )
    }

    /// Logs in and returns the bearer token.
    public func login(_ name: String, password: String = AccountFixtures.password) async throws -> String {
        let response = try await client.send(.post, "/v1/sessions", json: ["email": "\(name.lowercased())@example.org", "password": password])
        guard response.status == .created, let token = try response.json()["token"] as? String else {
            throw TestSetupError("login of \(name) failed: \(response.status) \(String(buffer: response.body))")
        }
        return token
    }

    /// A unit with `slug`, and `account` holding `role` in it.
    public func member(_ account: Account.ID, of slug: String, as role: UnitRole) async throws {
        let units = UnitService(database: database, clock: clock)
        if try await Units.find(slug: slug, on: database) == nil {
            _ = try await units.create(slug: slug, name: "Unit \(slug)", by: .commandLine)
        }
        try await units.addMember(unit: slug, account: account, role: role, by: .commandLine)
    }

    /// The token in the newest verification mail to `email` (German or English).
    public func verificationToken(for email: String) async throws -> String? {
        try await mailedCode(to: email) { $0.contains("confirm your e-mail") || $0.contains("Bitte bestätigen Sie Ihre E-Mail") }
    }

    /// The code in the newest mail to `email` whose subject `matches`.
    public func mailedCode(to email: String, subject matches: (String) -> Bool) async throws -> String? {
        let mails = try await Outbox.all(to: email, on: database)
        guard let mail = mails.last(where: { matches($0.subject) }) else { return nil }
        return mail.body.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.count >= 40 && !$0.contains(" ") }
    }
}
