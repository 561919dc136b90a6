import Foundation
import MitredenStore
import Testing

@Suite struct TOTPTests {
    /// RFC 6238, Appendix B: 8-digit codes at six times for each hash, each with the seed
    /// the RFC's reference implementation uses for it.
    static let times: [Int64] = [59, 1_111_111_109, 1_111_111_111, 1_234_567_890, 2_000_000_000, 20_000_000_000]
    static let vectors: [(TOTP.Algorithm, String, [String])] = [
        (.sha1, "12345678901234567890", ["94287082", "07081804", "14050471", "89005924", "69279037", "65353130"]),
        (.sha256, "12345678901234567890123456789012", ["46119246", "68084774", "67062674", "91819424", "90698825", "77737706"]),
        (
            .sha512, "1234567890123456789012345678901234567890123456789012345678901234",
            ["90693936", "25091201", "99943326", "93441116", "38618901", "47863826"]
        ),
    ]

    @Test func codesMatchTheTestVectorsOfRFC6238() {
        for (algorithm, seed, expected) in Self.vectors {
            let totp = TOTP(secret: Array(seed.utf8), digits: 8, algorithm: algorithm)
            let codes = Self.times.map { totp.code(at: Date(timeIntervalSince1970: TimeInterval($0))) }
            #expect(codes == expected, "\(algorithm)")
        }
    }

    @Test func sixDigitCodesAreTheLastSixOfTheRFCsEightDigitOnes() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(totp.code(at: Date(timeIntervalSince1970: 59)) == "287082")
        #expect(totp.code(at: Date(timeIntervalSince1970: 1_111_111_109)) == "081804")
    }

    @Test func oneStepEitherSideIsAcceptedAndNoFurther() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let step = totp.step(at: now)
        #expect(totp.matchingStep(totp.code(step: step), at: now) == step)
        #expect(totp.matchingStep(totp.code(step: step - 1), at: now) == step - 1)
        #expect(totp.matchingStep(totp.code(step: step + 1), at: now) == step + 1)
        #expect(totp.matchingStep(totp.code(step: step - 2), at: now) == nil)
        #expect(totp.matchingStep(totp.code(step: step + 2), at: now) == nil)
        #expect(totp.matchingStep("12345", at: now) == nil)
        #expect(totp.matchingStep("", at: now) == nil)
    }

    @Test func aStepUsedOnceIsNotAcceptedAgain() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let step = totp.step(at: now)
        #expect(totp.matchingStep(totp.code(step: step), at: now, after: step) == nil)
        #expect(totp.matchingStep(totp.code(step: step - 1), at: now, after: step - 1) == nil)
        #expect(totp.matchingStep(totp.code(step: step + 1), at: now, after: step) == step + 1)
    }

    @Test func base32RoundTripsAndMatchesRFC4648() {
        #expect(Base32.encode(Array("12345678901234567890".utf8)) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(Base32.decode("mzxw6ytboi") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW6YTBOI======") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW1") == nil)
        let secret = TOTP.generateSecret()
        #expect(secret.count == 20)
        #expect(Base32.decode(Base32.encode(secret)) == secret)
    }

    @Test func theProvisioningURIIsTheKeyURIFormat() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(
            totp.provisioningURI(accountName: "Stadt Admin: Süd")
                == "otpauth://totp/Mitreden:Stadt%20Admin%3A%20S%C3%BCd?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Mitreden"
                + "&algorithm=SHA1&digits=6&period=30")
    }

    @Test func recoveryCodesAreEightyRandomBitsInFourGroups() {
        let codes = (0..<50).map { _ in RecoveryCode.generate() }
        #expect(Set(codes).count == 50)
        for code in codes {
            #expect(code.count == 19)
            #expect(code.split(separator: "-").map(\.count) == [4, 4, 4, 4])
            #expect(RecoveryCode.normalized(code.uppercased().replacingOccurrences(of: "-", with: " ")) == RecoveryCode.normalized(code))
        }
    }
}
