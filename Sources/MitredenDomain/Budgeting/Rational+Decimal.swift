import BigInt

extension Rational {
    /// The largest decimal exponent accepted when parsing, so that a hostile file cannot make
    /// the importer build an integer with billions of digits.
    static let maximumDecimalExponent = 1_000

    /// Parses a decimal number exactly, never through binary floating point.
    ///
    /// Accepts an optional sign, digits, an optional fraction after `.` or `,` (`1050.50`, `12,5`)
    /// and an optional exponent (`1e6`). Leading and trailing whitespace is not accepted;
    /// callers trim fields first. Returns `nil` for anything else.
    public init?(decimal text: some StringProtocol) {
        var digits = BigInt(0)
        var sawDigit = false
        var fractionDigits = 0
        var inFraction = false
        var negative = false
        var exponent = 0
        var bytes = Substring(text).utf8[...]

        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        // Accumulate runs of digits in a machine word and fold them into the BigInt in chunks;
        // costs and points are parsed by the hundred thousand in large files.
        var chunk: UInt = 0
        var chunkDigits = 0
        func flushChunk() {
            guard chunkDigits > 0 else { return }
            digits = digits * Self.powerOfTen(chunkDigits) + BigInt(chunk)
            chunk = 0
            chunkDigits = 0
        }
        while let byte = bytes.first {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                chunk = chunk * 10 + UInt(byte - UInt8(ascii: "0"))
                chunkDigits += 1
                if chunkDigits == 18 { flushChunk() }
                sawDigit = true
                if inFraction { fractionDigits += 1 }
            } else if (byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",")) && !inFraction {
                inFraction = true
            } else {
                break
            }
            bytes = bytes.dropFirst()
        }
        flushChunk()
        guard sawDigit else { return nil }
        if let marker = bytes.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            guard let value = Int(String(Substring(bytes.dropFirst()))),
                abs(value) <= Self.maximumDecimalExponent
            else { return nil }
            exponent = value
            bytes = bytes[bytes.endIndex...]
        }
        guard bytes.isEmpty else { return nil }

        let scale = exponent - fractionDigits
        if negative { digits.negate() }
        if scale >= 0 {
            self.init(digits * Self.powerOfTen(scale))
        } else {
            self.init(numerator: digits, denominator: Self.powerOfTen(-scale))
        }
    }

    /// The shortest exact decimal spelling (`1000`, `890.25`, `-0.5`), or `nil` when the value
    /// has no finite decimal expansion (its reduced denominator has a prime factor other than
    /// 2 and 5). Integers have no decimal point.
    public var exactDecimalString: String? {
        if denominator == 1 { return numerator.description }
        var rest = denominator.magnitude
        let twos = rest.trailingZeroBitCount
        rest >>= twos
        var fives = 0
        let five = BigUInt(5)
        while true {
            let (quotient, remainder) = rest.quotientAndRemainder(dividingBy: five)
            guard remainder.isZero else { break }
            rest = quotient
            fives += 1
        }
        guard rest == 1 else { return nil }

        // With denominator 2^a·5^b, exactly max(a, b) fraction digits are needed, and the
        // last one is non-zero because the fraction is reduced.
        let places = max(twos, fives)
        let scaled = numerator.magnitude * (Self.powerOfTen(places).magnitude / denominator.magnitude)
        var text = String(scaled)
        if text.count <= places {
            text = String(repeating: "0", count: places - text.count + 1) + text
        }
        text.insert(".", at: text.index(text.endIndex, offsetBy: -places))
        return isNegative ? "-" + text : text
    }

    static func powerOfTen(_ exponent: Int) -> BigInt {
        if exponent < smallPowersOfTen.count { return smallPowersOfTen[exponent] }
        return BigInt(10).power(exponent)
    }

    private static let smallPowersOfTen: [BigInt] = {
        var powers: [BigInt] = [1]
        for _ in 1...19 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()
}
