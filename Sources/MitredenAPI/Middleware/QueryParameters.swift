import Foundation
import HTTPTypes
import MitredenStore

/// The query parameters an operation of `openapi.yaml` documents (read by ``OperationIndex``)
/// and the check of a request's query against them. The generated
/// server would ignore a parameter it does not know and report a mistyped one as a
/// decoding error without saying where it came from; checked here first, a query answers
/// like a body: an unknown parameter is a 400 naming it and the parameters the operation
/// knows (as an unknown body field is), a value of the wrong type, outside its enum or too
/// long is a 422 naming the parameter and what is allowed.
enum QueryParameters {
    struct Parameter: Sendable, Equatable {
        enum Kind: Sendable, Equatable {
            case integer(minimum: Int?, maximum: Int?)
            case string(allowed: [String]?, maxLength: Int?)
        }
        let name: String
        let required: Bool
        let kind: Kind
    }

    /// Refuses a query that the operation does not document: unknown names first (400),
    /// then every invalid value at once (422).
    static func check(query: String?, against parameters: [Parameter]) throws {
        let items = try decode(query)
        let known = Set(parameters.map(\.name))
        let unknown = items.map(\.name).filter { !known.contains($0) }.uniqued()
        if !unknown.isEmpty {
            let accepted =
                parameters.isEmpty
                ? "this operation takes no query parameters"
                : "this operation takes \(parameters.map(\.name).joined(separator: ", "))"
            // Worked out first, so each message is one literal the text catalogue can match.
            let names = unknown.map { "'\($0)'" }.joined(separator: ", ")
            let detail =
                unknown.count == 1 ? "unknown query parameter \(names): \(accepted)" : "unknown query parameters \(names): \(accepted)"
            throw APIError(
                .badRequest, kind: "unknown-parameter", title: "The request has query parameters the operation does not know",
                detail: detail,
                fieldErrors: unknown.map { .init(field: $0, message: "is not a query parameter of this operation; \(accepted)") }
            )
        }
        var problems: [FieldProblem] = []
        for parameter in parameters {
            let values = items.filter { $0.name == parameter.name }.map(\.value)
            if values.count > 1 {
                problems.append(.init(field: parameter.name, message: "must be given once, not \(values.count) times"))
            } else if let value = values.first {
                if let message = parameter.problem(with: value) { problems.append(.init(field: parameter.name, message: message)) }
            } else if parameter.required {
                problems.append(.init(field: parameter.name, message: "is required"))
            }
        }
        if !problems.isEmpty { throw APIError.validation(problems) }
    }

    /// `name=value` pairs, percent-decoded, `+` read as a space (form encoding, as the
    /// generated decoder reads it). Empty pairs (`a=1&&b=2`) are skipped.
    static func decode(_ query: String?) throws -> [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        var items: [(name: String, value: String)] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) throws -> String {
                guard let text = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw APIError(
                        .badRequest, kind: "malformed-query", title: "The query is not percent-encoded correctly",
                        detail: "'\(pair)' is not percent-encoded correctly (RFC 3986: '%' and two hexadecimal digits)",
                        fieldErrors: [.init(field: String(parts[0]), message: "is not percent-encoded correctly")])
                }
                return text
            }
            let name = try decoded(parts[0])
            guard !name.isEmpty else { continue }
            items.append((name, parts.count > 1 ? try decoded(parts[1]) : ""))
        }
        return items
    }

    /// The parameter `declared` describes when it is a query parameter (a `$ref` resolved).
    static func parameter(_ declared: Any, components: [String: Any]) throws -> Parameter? {
        guard var object = declared as? [String: Any] else { return nil }
        if let reference = object["$ref"] as? String {
            object = try resolve(reference, in: components)
        }
        guard object["in"] as? String == "query", let name = object["name"] as? String else { return nil }
        var schema = object["schema"] as? [String: Any] ?? [:]
        if let reference = schema["$ref"] as? String { schema = try resolve(reference, in: components) }
        let kind: Parameter.Kind
        switch schema["type"] as? String {
        case "integer":
            kind = .integer(minimum: schema["minimum"] as? Int, maximum: schema["maximum"] as? Int)
        case "string", nil:
            kind = .string(allowed: (schema["enum"] as? [Any])?.map { "\($0)" }, maxLength: schema["maxLength"] as? Int)
        case let other?:
            // A new kind of query parameter must be taught here before it can be documented.
            throw OperationIndex.DocumentError(message: "query parameter '\(name)' has type \(other), which QueryParameters cannot check")
        }
        return Parameter(name: name, required: object["required"] as? Bool ?? false, kind: kind)
    }

    private static func resolve(_ reference: String, in components: [String: Any]) throws -> [String: Any] {
        let parts = reference.split(separator: "/")
        guard parts.count == 4, parts[0] == "#", parts[1] == "components",
            let section = components[String(parts[2])] as? [String: Any],
            let object = section[String(parts[3])] as? [String: Any]
        else { throw OperationIndex.DocumentError(message: "openapi.yaml: cannot resolve \(reference)") }
        return object
    }
}

extension QueryParameters.Parameter {
    /// What is wrong with `value`, in the words of a field error; nil when it is allowed.
    func problem(with value: String) -> String? {
        switch kind {
        case .integer(let minimum, let maximum):
            let range: String =
                switch (minimum, maximum) {
                case (let low?, let high?): " from \(low) to \(high)"
                case (let low?, nil): " of at least \(low)"
                case (nil, let high?): " of at most \(high)"
                case (nil, nil): ""
                }
            guard let number = Int(value), minimum.map({ number >= $0 }) ?? true, maximum.map({ number <= $0 }) ?? true else {
                return "must be a whole number\(range), not '\(value.prefix(64))'"
            }
            return nil
        case .string(let allowed, let maxLength):
            if let allowed, !allowed.contains(value) {
                return "must be one of \(allowed.joined(separator: ", ")), not '\(value.prefix(64))'"
            }
            if let maxLength, value.unicodeScalars.count > maxLength {
                return "must be at most \(maxLength) characters, not \(value.unicodeScalars.count)"
            }
            return nil
        }
    }
}

extension Array where Element: Hashable {
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
