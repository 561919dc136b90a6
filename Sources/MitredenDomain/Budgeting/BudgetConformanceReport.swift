/// The conformance output of SPEC §6: `{"<rule>": {"selected": [...], "cost": n}, ...}`.
///
/// Backs `mitreden pabulib results FILE [--rule NAME]…`. Costs are written as exact JSON
/// numbers (an integer when whole, otherwise a decimal such as `890.25`), never through
/// binary floating point.
public enum BudgetConformanceReport {
    /// Computes `rules` (by default every rule that applies to the election's vote type) and
    /// returns the JSON object, one line per rule, rules in the order computed.
    ///
    /// - Throws: `BudgetRuleError.notApplicable` for a rule that needs point ballots, or
    ///   `BudgetReportError` when a total cost has no exact decimal form.
    public static func json(for election: BudgetElection, rules: [BudgetRule]? = nil) throws -> String {
        let rules = rules ?? BudgetRule.applicable(to: election.voteType)
        return try json(for: BudgetRule.outcomes(rules, for: election))
    }

    /// The JSON object for outcomes already computed.
    ///
    /// - Throws: `BudgetReportError` when a total cost has no exact decimal form, which needs
    ///   a cost that is not a decimal number to begin with.
    public static func json(for outcomes: [BudgetOutcome]) throws(BudgetReportError) -> String {
        var lines: [String] = []
        for outcome in outcomes {
            guard let cost = outcome.totalCost.exactDecimalString else {
                throw .costNotDecimal(outcome.rule, outcome.totalCost)
            }
            let selected = outcome.selectedProjectIDs.map(jsonString).joined(separator: ", ")
            lines.append("  \(jsonString(outcome.rule.rawValue)): {\"selected\": [\(selected)], \"cost\": \(cost)}")
        }
        return lines.isEmpty ? "{}\n" : "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, all other
    /// characters written as they are (the output is UTF-8).
    static func jsonString(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": literal += "\\\""
            case "\\": literal += "\\\\"
            case "\n": literal += "\\n"
            case "\r": literal += "\\r"
            case "\t": literal += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                literal += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: literal.unicodeScalars.append(scalar)
            }
        }
        return literal + "\""
    }
}

/// Why an outcome could not be reported.
public enum BudgetReportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The total has no finite decimal form, so it cannot be written as an exact JSON number.
    case costNotDecimal(BudgetRule, Rational)

    public var description: String {
        switch self {
        case .costNotDecimal(let rule, let cost):
            "the total cost of \(rule.rawValue) (\(cost)) has no exact decimal form"
        }
    }
}
