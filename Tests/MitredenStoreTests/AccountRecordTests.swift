import Foundation
import MitredenStore
import Testing

@Suite struct AccountRecordTests {
    func account(role: GlobalRole, memberships: [Membership]) -> AccountRecord {
        AccountRecord(
            id: .random(), email: "x@example.org", displayName: "X", role: role, status: .active, verifiedAt: nil,
            district: nil, createdAt: Date(), memberships: memberships)
    }

    @Test func aUnitRoleCountsOnlyInItsUnit() {
        let moderator = account(role: .participant, memberships: [Membership(unitSlug: "a", unitName: "A", role: .moderator)])
        #expect(moderator.has(.moderator, in: "a"))
        #expect(!moderator.has(.moderator, in: "b"))
        #expect(!moderator.has(.official, in: "a"))
        #expect(!moderator.isVerified)
    }

    @Test func adminsHoldEveryRoleEverywhere() {
        let admin = account(role: .admin, memberships: [])
        for role in UnitRole.allCases { #expect(admin.has(role, in: "any-unit")) }
    }
}
