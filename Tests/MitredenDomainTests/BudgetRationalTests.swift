import MitredenDomain
import Testing

@Suite("Rational")
struct BudgetRationalTests {
    @Test func normalisesSoEqualValuesAreEqual() {
        let half = Rational.fraction(2, 4)
        let negative = Rational.fraction(3, -6)

        #expect(half == .fraction(1, 2))
        #expect(half.hashValue == Rational.fraction(1, 2).hashValue)
        #expect(negative == .fraction(-1, 2) && negative.description == "-0.5")
        #expect(Rational.fraction(0, -7) == .zero)
    }

    @Test func arithmeticIsExact() {
        let third = Rational.fraction(1, 3)

        #expect(third + third + third == 1)
        #expect(Rational(1) - third == .fraction(2, 3))
        #expect(third * 3 == 1)
        #expect(Rational(1050) / Rational(10) == .decimal("105"))
        #expect(Rational.decimal("0.1") + .decimal("0.2") == .decimal("0.3"))
        #expect(-third < .zero && third > .zero)
    }

    @Test func comparesExactlyEvenWhenClose() {
        let almostOne = Rational.decimal("0." + String(repeating: "9", count: 40))

        #expect(almostOne < 1)
        #expect(Rational.fraction(2300, 21) > .fraction(320, 3))
        #expect(Rational.fraction(2300, 21) == .fraction(4600, 42))
    }

    @Test(arguments: [
        ("1050.50", "1050.5"), ("12,5", "12.5"), ("400000.0", "400000"), ("2458488.22", "2458488.22"),
        ("-0.5", "-0.5"), ("+3", "3"), (".25", "0.25"), ("7.", "7"), ("1e3", "1000"), ("2.5E-2", "0.025"),
        ("000123", "123"), ("0.000001", "0.000001"), ("123456789012345678901234567890.5", "123456789012345678901234567890.5"),
    ])
    func parsesAndFormatsDecimals(text: String, formatted: String) throws {
        let value = try #require(Rational(decimal: text))

        #expect(value.exactDecimalString == formatted)
        #expect(Rational(decimal: formatted) == value)
    }

    @Test(arguments: ["", "-", ".", "1.2.3", "1,2.3", "12a", " 1", "1 ", "1e", "1e99999", "NaN", "∞"])
    func rejectsNonDecimals(text: String) {
        #expect(Rational(decimal: text) == nil)
    }

    @Test func refusesNonTerminatingDecimals() {
        #expect(Rational.fraction(1, 3).exactDecimalString == nil)
        #expect(Rational.fraction(1, 80).exactDecimalString == "0.0125")
        #expect(Rational.fraction(6083, 48).description == "6083/48")
    }

    @Test func floorRoundsDown() {
        #expect(Rational(Rational.fraction(7, 2).floor) == 3)
        #expect(Rational(Rational.fraction(-7, 2).floor) == -4)
        #expect(Rational(Rational(-4).floor) == -4)
    }
}
