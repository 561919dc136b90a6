import Foundation
import MitredenOpenAPI
import Testing

@testable import MitredenAPI

/// Request bodies are decoded by the types generated from the OpenAPI document; these tests
/// feed those decoders bad JSON and check the problem each failure becomes.
@Suite struct JSONBodyErrorTests {
    func problem<Body: Decodable>(decoding json: String, as type: Body.Type = Components.Schemas.HealthStatus.self) -> APIError? {
        do {
            _ = try JSONDecoder().decode(type, from: Data(json.utf8))
            return nil
        } catch {
            return ErrorTranslation.apiError(for: error)
        }
    }

    /// Request schemas are strict; response schemas are open (a client must ignore fields
    /// it does not know), so the unknown field is sent to a request type.
    @Test func unknownFieldIs400NamingTheField() throws {
        let error = try #require(
            problem(decoding: #"{"slug": "nord", "name": "Nord", "role": "admin"}"#, as: Components.Schemas.UnitRequest.self))
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
