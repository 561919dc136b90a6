import Foundation
import MitredenOpenAPI
import Testing

@testable import MitredenAPI

/// Request bodies are decoded by the types generated from the OpenAPI document; these tests
/// feed those decoders bad JSON and check the problem each failure becomes.
@Suite struct JSONBodyErrorTests {
    func problem(decoding json: String) -> APIError? {
        do {
            _ = try JSONDecoder().decode(Components.Schemas.HealthStatus.self, from: Data(json.utf8))
            return nil
        } catch {
            return ErrorTranslation.apiError(for: error)
        }
    }

    @Test func unknownFieldIs400NamingTheField() throws {
        let error = try #require(problem(decoding: #"{"status": "ok", "role": "admin"}"#))
        #expect(error.status == .badRequest)
        #expect(error.kind == "unknown-field")
        #expect(error.fieldErrors.map(\.field) == ["role"])
        #expect(error.detail.contains("role"))
    }

    @Test func missingRequiredFieldIs422NamingTheField() throws {
        let error = try #require(problem(decoding: #"{"schemaVersion": 3}"#))
        #expect(error.status == .unprocessableContent)
        #expect(error.fieldErrors.map(\.field) == ["status"])
    }

    @Test func wrongTypeIs422NamingTheField() throws {
        let error = try #require(problem(decoding: #"{"status": "ok", "schemaVersion": "three"}"#))
        #expect(error.status == .unprocessableContent)
        #expect(error.fieldErrors.map(\.field) == ["schemaVersion"])
    }
}
