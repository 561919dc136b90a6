/// Integer bounds `low ≤ amount · 2^bits ≤ high` on an exact non-negative amount of money,
/// used to decide most comparisons without touching big integers.
///
/// Bounds that do not fit in 64 bits saturate at `UInt64.max`. That keeps both tests below
/// sound: a saturated `low` still is a lower bound, and a saturated `high` never makes
/// `isBelow` or `isAbove` conclude anything.
struct AmountBounds: Hashable {
    var low: UInt64
    var high: UInt64

    /// Bounds that decide nothing: every comparison falls back to exact numbers.
    static let unknown = AmountBounds(low: 0, high: .max)
    static let zero = AmountBounds(low: 0, high: 0)

    /// Whether every amount within these bounds is smaller than every amount within `other`.
    func isBelow(_ other: AmountBounds) -> Bool {
        high < other.low
    }

    /// Whether every amount within these bounds is larger than every amount within `other`.
    func isAbove(_ other: AmountBounds) -> Bool {
        low > other.high
    }

    /// Bounds on `self − payment`, for an amount known to be the larger of the two.
    func subtracting(_ payment: AmountBounds) -> AmountBounds {
        AmountBounds(
            low: low > payment.high ? low - payment.high : 0,
            high: high > payment.low ? high - payment.low : 0
        )
    }

    /// Bounds on `self · factor`.
    func multiplied(by factor: Int) -> AmountBounds {
        if factor == 1 { return self }
        let (low, lowOverflow) = low.multipliedReportingOverflow(by: UInt64(factor))
        let (high, highOverflow) = high.multipliedReportingOverflow(by: UInt64(factor))
        return AmountBounds(low: lowOverflow ? .max : low, high: highOverflow ? .max : high)
    }
}
