import Foundation
import Logging
import MitredenStore
import TestSupport
import Testing

@Suite struct LogRedactionTests {
    @Test(arguments: [
        "password", "passwordHash", "new_password", "X-Api-Key", "api_key", "session_token", "Authorization", "Set-Cookie", "clientSecret",
        "Passwort", "totp", "recoveryCode", "recovery_codes", "provisioningUri",
    ])
    func keysNamedLikeASecretAreRedacted(key: String) {
        let redacted = LogRedaction.redact([key: "hunter2-geheim", "request_id": "abc"])
        #expect(redacted[key] == .string(LogRedaction.placeholder))
        #expect(redacted["request_id"] == "abc")
    }

    @Test(arguments: [
        // JSON, also as escaped JSON inside a quoted string.
        (#"{"email":"a@example.org","password":"hunter2 geheim","displayName":"A"}"#, #""password":"[redacted]""#),
        (#"requestBody: "{\"newPassword\": \"hunter2 geheim\", \"x\": 1}""#, #"\"newPassword\": \"[redacted]\""#),
        // Swift's descriptions of values.
        (#"Registration(email: "a@example.org", password: "hunter2 \"geheim\"", displayName: "A")"#, #"password: "[redacted]", displayName: "A")"#),
        (#"Input(token: Optional("hunter2 geheim"))"#, #"Input(token: "[redacted]")"#),
        // Header lines as the OpenAPI runtime prints a request, forms and query strings.
        ("POST /v1/me [Authorization: Bearer hunter2 geheim; Content-Type: application/json]", "Authorization: [redacted]; Content-Type"),
        ("Cookie: session=hunter2; other=geheim", "Cookie: [redacted]"),
        ("GET /verify?token=hunter2geheim&lang=de", "token=[redacted]&lang=de"),
        // The second factor of a login body.
        (#"{"email":"a@example.org","password":"x","totp":"492039"}"#, #""totp":"[redacted]""#),
        (#"Input(recoveryCode: Optional("k3xq-7mzp-2wae-ul4b"))"#, #"Input(recoveryCode: "[redacted]")"#),
    ])
    func secretFieldsInsideTextAreRedacted(text: String, expected: String) {
        let redacted = LogRedaction.redact(text: text)
        #expect(!redacted.contains("hunter2"), "\(redacted)")
        #expect(!redacted.contains("geheim"), "\(redacted)")
        #expect(redacted.contains(expected), "\(redacted)")
    }

    @Test func textWithoutSecretsIsLeftAlone() {
        let text = #"request {"method":"GET","path":"/v1/campaigns","status":200} tokenless words, ms=3.1"#
        #expect(LogRedaction.redact(text: text) == text)
    }

    /// The handler LogSetup installs around the text and JSON handlers.
    @Test func theProcessHandlerRedactsMetadataMessagesNestedValuesAndAttachedErrors() {
        struct Failure: Error, CustomStringConvertible { var description: String { #"failed for {"password":"hunter2"}"# } }
        let capture = LogCapture()
        var logger = capture.logger(redacting: true)
        logger[metadataKey: "authorization"] = "Bearer hunter2"
        logger.warning(
            "retry with password: \"hunter2\"", error: Failure(),
            metadata: [
                "request": .dictionary(["headers": .array([.string("Cookie: id=hunter2")]), "token": "hunter2"]),
                "body": .stringConvertible(#"{"secret":"hunter2"}"#), "path": "/v1/sessions",
            ])
        let entry = capture.entries.last
        #expect(entry?.metadata["path"] == "/v1/sessions")
        #expect(entry?.metadata["error.type"]?.contains("Failure") == true)
        #expect(entry.map { !$0.text.contains("hunter2") } == true, "\(entry?.text ?? "")")
    }
}
