import Crypto
import Foundation
import MitredenDomain

/// An opaque secret handed to a client (session bearer token, verification token) of 256
/// random bits. Only its SHA-256 is stored, so a copy of the database yields no tokens.
public struct SecretToken: Sendable, Equatable {
    public let text: String

    public init(text: String) { self.text = text }

    /// 32 bytes from the system's cryptographic generator, base64url without padding.
    public static func generate() -> SecretToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return SecretToken(text: text)
    }

    /// The value stored and looked up in the database.
    public var hash: Data { Data(SHA256.hash(data: Data(text.utf8))) }

    /// Hex SHA-256 of any text: keys throttle rows by e-mail without storing the address.
    public static func hexDigest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
