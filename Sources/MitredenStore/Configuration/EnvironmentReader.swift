import Foundation
import Logging
import MitredenDomain

/// Typed access to environment variables with errors that name the variable and say
/// what a valid value looks like.
struct EnvironmentReader {
    let environment: [String: String]

    func optional(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func required(_ name: String, hint: String) throws(ConfigurationError) -> String {
        guard let value = optional(name) else { throw ConfigurationError(variable: name, problem: "is not set (\(hint))") }
        return value
    }

    func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = optional(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(variable: name, problem: "'\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A size in bytes, optionally with a unit: `1048576`, `512KiB`, `1MiB`, `2MB`.
    func byteSize(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = optional(name) else { return fallback }
        let units: [(String, Int)] = [("KiB", 1024), ("MiB", 1 << 20), ("KB", 1000), ("MB", 1_000_000), ("K", 1024), ("M", 1 << 20), ("B", 1)]
        var number = Substring(text)
        var factor = 1
        for (suffix, size) in units where text.hasSuffix(suffix) {
            number = text.dropLast(suffix.count)
            factor = size
            break
        }
        guard let value = Int(number.trimmingCharacters(in: .whitespaces)), range.contains(value * factor) else {
            throw ConfigurationError(
                variable: name, problem: "'\(text)' is not a size from \(range.lowerBound) to \(range.upperBound) bytes (e.g. 1MiB, 512KiB, 1048576)")
        }
        return value * factor
    }

    /// `1`, `true`, `yes` or `0`, `false`, `no`.
    func flag(_ name: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        guard let text = optional(name) else { return fallback }
        switch text.lowercased() {
        case "1", "true", "yes": return true
        case "0", "false", "no": return false
        default: throw ConfigurationError(variable: name, problem: "'\(text)' is not 1 or 0")
        }
    }

    func choice<Value: RawRepresentable & CaseIterable>(_ name: String, default fallback: Value) throws(ConfigurationError) -> Value
    where Value.RawValue == String {
        guard let text = optional(name) else { return fallback }
        guard let value = Value(rawValue: text.lowercased()) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(variable: name, problem: "'\(text)' is not one of: \(allowed)")
        }
        return value
    }
}
