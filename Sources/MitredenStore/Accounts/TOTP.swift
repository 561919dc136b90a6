import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238 over HOTP, RFC 4226), as authenticator apps
/// compute them. No library in reach does this over swift-crypto, and the arithmetic is a
/// dozen lines; `TOTPTests` holds it to the RFC's test vectors.
public struct TOTP: Sendable, Equatable {
    /// The hash of the HMAC. Authenticator apps all support SHA-1, many nothing else, so
    /// Mitreden issues SHA-1 secrets; the others are here for the RFC's vectors.
    public enum Algorithm: String, Sendable { case sha1 = "SHA1", sha256 = "SHA256", sha512 = "SHA512" }

    public let secret: [UInt8]
    public var digits: Int = 6
    public var period: Int64 = 30
    public var algorithm: Algorithm = .sha1

    public init(secret: [UInt8], digits: Int = 6, period: Int64 = 30, algorithm: Algorithm = .sha1) {
        self.secret = secret
        self.digits = digits
        self.period = period
        self.algorithm = algorithm
    }

    /// A fresh secret of 20 bytes (160 bits, RFC 4226's recommendation for SHA-1).
    public static func generateSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The time step of `date`: whole periods since the Unix epoch.
    public func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(period)).rounded(.down))
    }

    /// The code of one time step (HOTP with the step as counter), zero-padded to `digits`.
    public func code(step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let key = SymmetricKey(data: secret)
        let mac: [UInt8] =
            switch algorithm {
            case .sha1: Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
            case .sha256: Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
            case .sha512: Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
            }
        // Dynamic truncation (RFC 4226 §5.3): four bytes at the offset the last nibble names.
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let value = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let text = String(value % modulus)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// The code valid at `date`.
    public func code(at date: Date) -> String { code(step: step(at: date)) }

    /// The step whose code `candidate` is, within `window` steps either side of `date`
    /// (±1 allows for a clock half a minute off and for the time it takes to type), taking
    /// only steps after `after` (the last one accepted: a code is used once). Nil when none.
    public func matchingStep(_ candidate: String, at date: Date, window: Int64 = 1, after: Int64? = nil) -> Int64? {
        let typed = Array(candidate.filter { $0 != " " }.utf8)
        guard typed.count == digits else { return nil }
        let now = step(at: date)
        for step in (now - window)...(now + window) where step >= 0 && step > (after ?? -1) {
            if Self.constantTimeEqual(Array(code(step: step).utf8), typed) { return step }
        }
        return nil
    }

    /// `otpauth://totp/Mitreden:<name>?secret=…&issuer=Mitreden` (the Key Uri Format that
    /// authenticator apps read from a QR code).
    public func provisioningURI(issuer: String = "Mitreden", accountName: String) -> String {
        let label = Self.percentEncoded(issuer) + ":" + Self.percentEncoded(accountName)
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(Self.percentEncoded(issuer))"
            + "&algorithm=\(algorithm.rawValue)&digits=\(digits)&period=\(period)"
    }

    private static func percentEncoded(_ text: String) -> String {
        // RFC 3986's unreserved characters; everything else (spaces, the label's `:`) encoded.
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Compares without stopping at the first difference, so the time taken says nothing
    /// about how many digits were right.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// RFC 4648 base32 without padding, the alphabet authenticator apps expect secrets in.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes upper- or lower-case base32, ignoring spaces and padding; nil for anything else.
    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.uppercased().utf8 where character != UInt8(ascii: " ") && character != UInt8(ascii: "=") {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return output
    }
}
