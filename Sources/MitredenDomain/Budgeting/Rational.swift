import BigInt

/// An exact rational number over arbitrary-precision integers.
///
/// Budgets, costs, points and every intermediate quantity of the result rules are rationals:
/// the rules compare values with `<` and `==` and must never round (SPEC §2.1).
/// The value is always stored normalised (denominator positive, numerator and denominator
/// coprime), so the synthesised `==` and `hash(into:)` compare values, not spellings.
public struct Rational: Sendable, Hashable {
    /// The numerator; carries the sign.
    public let numerator: BigInt
    /// The denominator; always positive.
    public let denominator: BigInt

    /// Creates `numerator / denominator`, normalised.
    /// - Precondition: `denominator` is not zero.
    public init(numerator: BigInt, denominator: BigInt) {
        precondition(!denominator.isZero, "Rational with zero denominator")
        var num = numerator
        var den = denominator
        if den.sign == .minus {
            num.negate()
            den.negate()
        }
        let divisor = Self.greatestCommonDivisor(num.magnitude, den.magnitude)
        if divisor != 1 {
            let big = BigInt(divisor)
            num /= big
            den /= big
        }
        self.init(normalisedNumerator: num, denominator: den)
    }

    /// Creates the integer `value`.
    public init(_ value: BigInt) {
        self.init(normalisedNumerator: value, denominator: 1)
    }

    /// Creates the integer `value`.
    public init(_ value: Int) {
        self.init(normalisedNumerator: BigInt(value), denominator: 1)
    }

    init(normalisedNumerator: BigInt, denominator: BigInt) {
        self.numerator = normalisedNumerator
        self.denominator = denominator
    }

    /// 0.
    public static let zero = Rational(0)
    /// 1.
    public static let one = Rational(1)

    /// Whether the value is a whole number.
    public var isInteger: Bool { denominator == 1 }

    /// Whether the value is below zero.
    public var isNegative: Bool { numerator.sign == .minus && !numerator.isZero }

    /// Whether the value is zero.
    public var isZero: Bool { numerator.isZero }

    /// The largest integer not greater than the value.
    public var floor: BigInt {
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        // BigInt division truncates toward zero; negative non-integers must round down.
        return remainder.isZero || numerator.sign == .plus ? quotient : quotient - 1
    }

    /// The greatest common divisor, with a machine-word path because most values in practice
    /// (costs, counts, early budgets) fit in one word and the general algorithm allocates.
    static func greatestCommonDivisor(_ a: BigUInt, _ b: BigUInt) -> BigUInt {
        if a.bitWidth <= UInt.bitWidth, b.bitWidth <= UInt.bitWidth {
            return BigUInt(wordGCD(UInt(a), UInt(b)))
        }
        return a.greatestCommonDivisor(with: b)
    }

    static func wordGCD(_ a: UInt, _ b: UInt) -> UInt {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}

extension Rational: Comparable {
    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        if lhs.denominator == rhs.denominator { return lhs.numerator < rhs.numerator }
        return lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }
}

extension Rational: AdditiveArithmetic {
    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        if lhs.denominator == 1 && rhs.denominator == 1 {
            return Rational(lhs.numerator + rhs.numerator)
        }
        if lhs.denominator == rhs.denominator {
            return Rational(numerator: lhs.numerator + rhs.numerator, denominator: lhs.denominator)
        }
        return Rational(
            numerator: lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator,
            denominator: lhs.denominator * rhs.denominator
        )
    }

    public static func - (lhs: Rational, rhs: Rational) -> Rational {
        lhs + (-rhs)
    }

    public static prefix func - (value: Rational) -> Rational {
        Rational(normalisedNumerator: -value.numerator, denominator: value.denominator)
    }
}

extension Rational {
    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        if lhs.denominator == 1 && rhs.denominator == 1 {
            return Rational(lhs.numerator * rhs.numerator)
        }
        return Rational(
            numerator: lhs.numerator * rhs.numerator,
            denominator: lhs.denominator * rhs.denominator
        )
    }

    /// - Precondition: `rhs` is not zero.
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        Rational(
            numerator: lhs.numerator * rhs.denominator,
            denominator: lhs.denominator * rhs.numerator
        )
    }

    public static func += (lhs: inout Rational, rhs: Rational) { lhs = lhs + rhs }
    public static func -= (lhs: inout Rational, rhs: Rational) { lhs = lhs - rhs }
    public static func *= (lhs: inout Rational, rhs: Rational) { lhs = lhs * rhs }
    public static func /= (lhs: inout Rational, rhs: Rational) { lhs = lhs / rhs }
}

extension Rational: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) {
        self.init(value)
    }
}

extension Rational: CustomStringConvertible {
    /// The shortest exact decimal when there is one (`890.25`), otherwise `numerator/denominator`.
    public var description: String {
        exactDecimalString ?? "\(numerator)/\(denominator)"
    }
}
