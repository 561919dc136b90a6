import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// bcrypt hashing off Swift's cooperative pool: a hash at cost 12 takes a quarter second
/// of CPU, which on the cooperative pool would stall every other request on that core.
public struct PasswordHasher: Sendable {
    public let cost: Int
    public init(cost: Int) {
        self.cost = cost
    }

    /// A hash of a random password at the same cost, verified when the e-mail is unknown so
    /// that a login for an unknown address takes as long as one with a wrong password.
    /// Made once per cost, when first needed: a service built by a command that never logs
    /// anyone in should not spend a quarter second on it.
    private var decoy: String {
        Self.decoys.withLock { decoys in
            if let known = decoys[cost] { return known }
            let random = (0..<32).map { _ in UInt8.random(in: .min ... .max) }
            let made = Bcrypt.hash(Data(random).base64EncodedString(), cost: UInt8(cost))
            decoys[cost] = made
            return made
        }
    }

    private static let decoys = Mutex<[Int: String]>([:])

    public func hash(_ password: String) async throws -> String {
        let cost = UInt8(self.cost)
        let input = Self.prepared(password)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(input, cost: cost) }
    }

    public func verify(_ password: String, hash: String?) async throws -> Bool {
        let target = hash ?? decoy
        let input = Self.prepared(password)
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(input, hash: target) }
        return matches && hash != nil
    }

    /// bcrypt reads at most 72 bytes and stops at a NUL byte, so two long passwords with the
    /// same start would be the same password. The SHA-256 of the password, in hex (64
    /// bytes, no NUL), makes every character count.
    static func prepared(_ password: String) -> String {
        SHA256.hash(data: Data(password.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
