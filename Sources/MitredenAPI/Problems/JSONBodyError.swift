import Foundation

/// Explains why a JSON request body could not be decoded, naming the position or the field.
/// Malformed JSON and unknown fields are 400 (the request is not what the API speaks);
/// a missing or mistyped field is 422 naming the field, like every other invalid value.
enum JSONBodyError {
    static func describe(_ error: DecodingError) -> APIError {
        switch error {
        case .dataCorrupted(let context):
            if isUnknownField(context) {
                // The runtime puts the first unknown key at the end of the coding path.
                let field = path(context.codingPath)
                return APIError(
                    .badRequest, kind: "unknown-field", title: "The request body has fields the API does not know",
                    detail: "unknown field '\(field)': only documented fields are accepted (\(context.debugDescription))",
                    fieldErrors: [.init(field: field, message: "is not a known field")]
                )
            }
            if context.codingPath.isEmpty {
                return APIError(
                    .badRequest, kind: "malformed-json", title: "The request body is not valid JSON",
                    detail: malformedDetail(context)
                )
            }
            return .validation([.init(field: path(context.codingPath), message: invalidValueMessage(context.debugDescription))])
        case .keyNotFound(let key, let context):
            return .validation([.init(field: path(context.codingPath + [key]), message: "is required")])
        case .typeMismatch(let type, let context):
            return .validation([.init(field: path(context.codingPath, or: "body"), message: "must be \(describe(type))")])
        case .valueNotFound(let type, let context):
            return .validation([.init(field: path(context.codingPath, or: "body"), message: "must be \(describe(type)), not null")])
        @unknown default:
            return .badRequest("the request body could not be read")
        }
    }

    /// The JSON parser's own message carries the position ("around line 1, column 9").
    private static func malformedDetail(_ context: DecodingError.Context) -> String {
        var parts = [context.debugDescription]
        if let underlying = context.underlyingError as NSError? {
            if let debug = underlying.userInfo[NSDebugDescriptionErrorKey] as? String {
                parts.append(debug)
            } else {
                parts.append(underlying.localizedDescription)
            }
        }
        return parts.joined(separator: " ")
    }

    /// The OpenAPI runtime reports `additionalProperties: false` violations as data
    /// corruption ("Additional properties are disabled, but found 1 unknown keys …").
    private static func isUnknownField(_ context: DecodingError.Context) -> Bool {
        !context.codingPath.isEmpty && context.debugDescription.hasPrefix("Additional properties are disabled")
    }

    static func path(_ codingPath: [any CodingKey], or fallback: String = "body") -> String {
        guard !codingPath.isEmpty else { return fallback }
        return codingPath.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
            .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int32.Type, is Int64.Type: "a whole number"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "true or false"
        default: "of the documented type"
        }
    }

    /// "Cannot initialize X from invalid String value y" (Foundation's words for a value
    /// outside an enum) becomes the list of values that are allowed.
    static func invalidValueMessage(_ description: String) -> String {
        guard let match = description.firstMatch(of: /Cannot initialize (\w+) from invalid String value (.*)/),
            let allowed = RequestEnumValues.byTypeName[String(match.1)]
        else { return description }
        return "must be one of \(allowed.joined(separator: ", ")), not '\(match.2)'"
    }
}
