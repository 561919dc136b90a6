import Foundation

/// One line of a citizen's plan: the amount an item should have, and why.
public struct PlanLine: Sendable, Equatable, Codable {
    public var item: String
    public var amountCents: Int64
    public var justification: String?

    public init(item: String, amountCents: Int64, justification: String? = nil) {
        self.item = item
        self.amountCents = amountCents
        self.justification = justification
    }
}

/// The rules a plan can break; the slugs are stable (clients show them per line).
public enum PlanRule: String, Sendable, CaseIterable {
    case unknownItem = "unknown-item"
    case duplicateItem = "duplicate-item"
    case outOfRange = "out-of-range"
    case offStep = "off-step"
    case protectedItem = "protected-item"
    case unbalanced
    case justificationTooLong = "justification-too-long"
    case tooManyLines = "too-many-lines"
}

/// A broken rule of a plan: the field (`lines[3].amountCents`), the rule and what is allowed.
public struct PlanViolation: Sendable, Equatable {
    public var field: String
    public var rule: PlanRule
    public var message: String

    public init(field: String, rule: PlanRule, message: String) {
        self.field = field
        self.rule = rule
        self.message = message
    }
}

/// A plan checked against its planner: every item's amount (the baseline where the plan
/// says nothing) and its balance.
public struct CheckedPlan: Sendable, Equatable {
    /// Amount per item key, for every item of the planner.
    public var amounts: [String: Int64]
    public var justifications: [String: String]
    public var balanceCents: Int64

    /// The lines that differ from the baseline or carry a justification: what is stored.
    public func lines(of planner: PlannerDefinition) -> [PlanLine] {
        planner.items.compactMap { item in
            let amount = amounts[item.key] ?? item.baselineCents
            let why = justifications[item.key]
            guard amount != item.baselineCents || why != nil else { return nil }
            return PlanLine(item: item.key, amountCents: amount, justification: why)
        }
    }
}

/// Checks a plan against its planner and reports every broken rule at once.
public enum PlanValidator {
    /// The plan's amounts and balance, and every rule it breaks. `requireBalance` is false
    /// for drafts, which may be unbalanced while the citizen works on them.
    public static func check(_ lines: [PlanLine], against planner: PlannerDefinition, requireBalance: Bool) -> (
        plan: CheckedPlan, violations: [PlanViolation]
    ) {
        var violations: [PlanViolation] = []
        var amounts: [String: Int64] = [:]
        var justifications: [String: String] = [:]
        let byKey = Dictionary(uniqueKeysWithValues: planner.items.map { ($0.key, $0) })
        if lines.count > planner.items.count {
            violations.append(
                PlanViolation(
                    field: "lines", rule: .tooManyLines, message: "a plan has at most one line per item (\(planner.items.count))"))
        }
        for (index, line) in lines.enumerated() {
            let field = "lines[\(index)]"
            guard let item = byKey[line.item] else {
                violations.append(PlanViolation(field: "\(field).item", rule: .unknownItem, message: "the planner has no item '\(line.item)'"))
                continue
            }
            guard amounts[item.key] == nil else {
                violations.append(PlanViolation(field: "\(field).item", rule: .duplicateItem, message: "'\(item.key)' appears twice"))
                continue
            }
            if let why = line.justification, why.codePoints > PlannerLimits.maximumJustificationCodePoints {
                violations.append(
                    PlanViolation(
                        field: "\(field).justification", rule: .justificationTooLong, message: "a justification has at most 500 characters"))
            } else if let why = line.justification?.trimmingCharacters(in: .whitespacesAndNewlines), !why.isEmpty {
                justifications[item.key] = why
            }
            let amount = line.amountCents
            if item.isProtected, amount != item.baselineCents {
                violations.append(
                    PlanViolation(
                        field: "\(field).amountCents", rule: .protectedItem,
                        message: "'\(item.key)' may not be changed; it stays at \(item.baselineCents) cents"))
                amounts[item.key] = item.baselineCents
                continue
            }
            guard item.minCents <= amount, amount <= item.maxCents else {
                violations.append(
                    PlanViolation(
                        field: "\(field).amountCents", rule: .outOfRange,
                        message: "'\(item.key)' must lie between \(item.minCents) and \(item.maxCents) cents"))
                amounts[item.key] = item.baselineCents
                continue
            }
            // Both within [0, 10¹³]: the difference cannot overflow.
            if (amount - item.baselineCents) % item.stepCents != 0 {
                violations.append(
                    PlanViolation(
                        field: "\(field).amountCents", rule: .offStep,
                        message: "'\(item.key)' moves in steps of \(item.stepCents) cents from \(item.baselineCents)"))
            }
            amounts[item.key] = amount
        }
        for item in planner.items where amounts[item.key] == nil { amounts[item.key] = item.baselineCents }
        let balance = balance(of: amounts, in: planner)
        if requireBalance, let floor = planner.balanceFloorCents, balance < floor {
            let message =
                switch planner.balanceRule {
                case .balanced: "the plan is unbalanced by \(floor - balance) cents: its balance may not fall below the baseline's"
                default: "the plan's deficit exceeds the allowed \(-floor) cents by \(floor - balance) cents"
                }
            violations.append(PlanViolation(field: "lines", rule: .unbalanced, message: message))
        }
        return (CheckedPlan(amounts: amounts, justifications: justifications, balanceCents: balance), violations)
    }

    /// Revenue − expense over every item. Each amount is at most 10¹³ and there are at most
    /// 500 items, so the sum stays far inside Int64.
    public static func balance(of amounts: [String: Int64], in planner: PlannerDefinition) -> Int64 {
        planner.items.reduce(0) { $0 + $1.signed(amounts[$1.key] ?? $1.baselineCents) }
    }
}
