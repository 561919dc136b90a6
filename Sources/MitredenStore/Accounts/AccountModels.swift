import Foundation
import MitredenDomain

/// Global roles; unit roles are in ``UnitRole``.
public enum GlobalRole: String, Sendable, CaseIterable, Codable { case participant, admin }

/// What staff do in a unit.
public enum UnitRole: String, Sendable, CaseIterable, Codable { case moderator, official, manager }

public enum AccountStatus: String, Sendable, CaseIterable, Codable { case active, suspended, erased }

/// One membership of an account in an organisational unit.
public struct Membership: Sendable, Equatable, Codable {
    public var unitSlug: String
    public var unitName: String
    public var role: UnitRole

    public init(unitSlug: String, unitName: String, role: UnitRole) {
        self.unitSlug = unitSlug
        self.unitName = unitName
        self.role = role
    }
}

/// An account as the services see it (never with its password hash).
public struct AccountRecord: Sendable, Equatable {
    public var id: Account.ID
    public var email: String?
    public var displayName: String?
    public var role: GlobalRole
    public var status: AccountStatus
    public var verifiedAt: Date?
    public var district: String?
    public var createdAt: Date
    public var memberships: [Membership]
    /// The language mails and error texts use for this account (German unless chosen).
    public var language: Language

    public init(
        id: Account.ID, email: String?, displayName: String?, role: GlobalRole, status: AccountStatus, verifiedAt: Date?,
        district: String?, createdAt: Date, memberships: [Membership], language: Language = .de
    ) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.role = role
        self.status = status
        self.verifiedAt = verifiedAt
        self.district = district
        self.createdAt = createdAt
        self.memberships = memberships
        self.language = language
    }

    public var isAdmin: Bool { role == .admin }
    public var isVerified: Bool { verifiedAt != nil }
    /// Admins and anyone with a role in a unit: the accounts a second factor is for.
    public var isStaff: Bool { isAdmin || !memberships.isEmpty }

    /// True when the account holds `role` in the unit (admins hold every role).
    public func has(_ role: UnitRole, in unitSlug: String) -> Bool {
        isAdmin || memberships.contains { $0.unitSlug == unitSlug && $0.role == role }
    }
}

/// A page of accounts for staff (`mitreden account list`) and how many match in all.
public struct AccountPage: Sendable {
    public var accounts: [AccountRecord]
    public var total: Int
}
