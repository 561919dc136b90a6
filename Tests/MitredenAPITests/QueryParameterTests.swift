import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// A query answers like a body: an unknown parameter is refused (400 naming it and what the
/// operation takes), an invalid value is a 422 naming the parameter and what is allowed —
/// never a complaint about a request body that was not sent.
@Suite struct QueryParameterTests {
    @Test func aNonNumericLimitIs422NamingLimitAndTheRange() async throws {
        try await withTestApp { client, _ in
            let response = try await client.send(.get, "/v1/campaigns?limit=abc")
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            #expect(problem.type == "https://mitreden.org/problems/validation")
            let error = try #require(problem.errors?.first)
            #expect(error.field == "limit")
            #expect(error.message.contains("whole number from 1 to 100"), "\(error.message)")
            #expect(problem.detail?.contains("body") == false, "\(problem.detail ?? "")")
        }
    }

    @Test func aLimitOutOfRangeIs422NamingLimit() async throws {
        try await withTestApp { client, _ in
            let response = try await client.send(.get, "/v1/campaigns?limit=1000")
            #expect(response.status == .unprocessableContent)
            #expect(try response.problem().errors?.map(\.field) == ["limit"])
        }
    }

    @Test func aValueOutsideTheEnumIs422ListingTheAllowedValues() async throws {
        try await withTestApp { client, _ in
            let response = try await client.send(.get, "/v1/campaigns/anything/proposals?sort=best")
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            let error = try #require(problem.errors?.first)
            #expect(error.field == "sort")
            #expect(error.message == "must be one of top, new, random, ranking, relevance, not 'best'")
            #expect(problem.title != "The request body is not valid JSON")
        }
    }

    @Test func anEnumFromAComponentSchemaIsCheckedToo() async throws {
        try await withTestApp { client, _ in
            let response = try await client.send(.get, "/v1/campaigns/anything/proposals?status=maybe")
            #expect(response.status == .unprocessableContent)
            let error = try #require(try response.problem().errors?.first)
            #expect(error.field == "status")
            #expect(error.message.hasPrefix("must be one of open, under_review"), "\(error.message)")
        }
    }

    @Test func anUnknownParameterIs400NamingItAndTheKnownOnes() async throws {
        try await withTestApp { client, _ in
            let response = try await client.send(.get, "/v1/campaigns?limit=5&colour=red")
            #expect(response.status == .badRequest)
            let problem = try response.problem()
            #expect(problem.type == "https://mitreden.org/problems/unknown-parameter")
            #expect(problem.errors?.map(\.field) == ["colour"])
            #expect(problem.detail?.contains("'colour'") == true)
            #expect(problem.detail?.contains("limit, cursor") == true, "\(problem.detail ?? "")")
        }
    }

    @Test func anOperationWithoutParametersRefusesAny() async throws {
        try await withTestApp { client, _ in
            let response = try await client.send(.get, "/health/live?verbose=1")
            #expect(response.status == .badRequest)
            let problem = try response.problem()
            #expect(problem.errors?.map(\.field) == ["verbose"])
            #expect(problem.detail?.contains("takes no query parameters") == true)
        }
    }

    @Test func aParameterGivenTwiceIs422() async throws {
        try await withTestApp { client, _ in
            let response = try await client.send(.get, "/v1/campaigns?limit=5&limit=6")
            #expect(response.status == .unprocessableContent)
            #expect(try response.problem().errors?.first?.field == "limit")
        }
    }

    @Test func aTooLongSearchIs422NamingQ() async throws {
        try await withTestApp { client, _ in
            let response = try await client.send(.get, "/v1/campaigns/anything/proposals?q=" + String(repeating: "%C3%A4", count: 201))
            #expect(response.status == .unprocessableContent)
            let error = try #require(try response.problem().errors?.first)
            #expect(error.field == "q")
            #expect(error.message == "must be at most 200 characters, not 201")
        }
    }

    @Test func aValidQueryPassesToTheOperation() async throws {
        try await withTestApp { client, _ in
            let response = try await client.send(.get, "/v1/campaigns?limit=5")
            #expect(response.status == .ok)
            let missing = try await client.send(.get, "/v1/campaigns/nowhere/proposals?sort=top&q=Baum+und+Strauch&limit=3")
            #expect(missing.status == .notFound)
        }
    }

    /// Authentication before validation: an anonymous caller of a protected operation
    /// learns nothing about its parameters.
    @Test func aProtectedOperationAnswers401BeforeCheckingTheQuery() async throws {
        try await withTestApp { client, _ in
            let response = try await client.send(.get, "/v1/audit?limit=abc&colour=red")
            #expect(response.status == .unauthorized)
        }
    }

    /// The streamed export route is not generated, but its parameters are documented and
    /// checked the same way.
    @Test func theExportRouteChecksItsQueryToo() async throws {
        try await withTestApp { client, _ in
            let language = try await client.send(.get, "/v1/campaigns/anything/exports/report.html?lang=fr")
            #expect(language.status == .unprocessableContent)
            let error = try #require(try language.problem().errors?.first)
            #expect(error.field == "lang")
            #expect(error.message == "must be one of de, en, not 'fr'")
            let unknown = try await client.send(.get, "/v1/campaigns/anything/exports/report.html?format=pdf")
            #expect(unknown.status == .badRequest)
            #expect(try unknown.problem().errors?.map(\.field) == ["format"])
        }
    }
}
