import BigInt

/// Exact amounts and their fixed-point bounds.
///
/// Exact amounts are integers over the common denominator D (in money units). Bounds
/// (`AmountBounds`) are integers around `amount · 2^keyBits`: when the bounds of two amounts
/// do not overlap, they order them correctly; when they overlap (equal or nearly equal
/// values), the exact amounts are compared. No decision rests on an approximation.
extension EqualSharesEngine {
    /// The exact budget of a class that has not been capped, over D.
    func exactBudget(of member: Int) -> BigUInt {
        var paid = BigUInt(0)
        patterns.forEachPayment(in: classPattern[member]) { round, utility in
            paid += utility == 1 ? roundPrices[round] : roundPrices[round].multiplied(byWord: UInt(utility))
        }
        return startBudget - paid
    }

    /// Multiplies D by `factor`, and every amount kept over D with it.
    mutating func scaleDenominator(by factor: UInt) {
        guard factor > 1 else { return }
        denominator.multiply(byWord: factor)
        startBudget.multiply(byWord: factor)
        for round in roundPrices.indices { roundPrices[round].multiply(byWord: factor) }
    }

    /// Chooses the fixed-point precision for a run starting at `startNumerator / D` money
    /// units per voter: as many fraction bits as keep every budget below 2^62, or none at all
    /// (bounds decide nothing, every comparison exact) for absurdly large budgets.
    mutating func setKeyPrecision(startNumerator: BigUInt) {
        let whole = startNumerator / denominator + 1
        keyBits = whole.bitWidth <= 56 ? 62 - whole.bitWidth : nil
    }

    /// Bounds on `numerator / (D · divisor)` money units.
    func keyBounds(_ numerator: BigUInt, dividedBy divisor: Int = 1) -> AmountBounds {
        guard let keyBits else { return .unknown }
        let scaledDenominator = divisor == 1 ? denominator : denominator.multiplied(byWord: UInt(divisor))
        let (quotient, remainder) = (numerator << keyBits).quotientAndRemainder(dividingBy: scaledDenominator)
        guard let low = UInt64(exactly: quotient), low < .max else { return AmountBounds(low: .max, high: .max) }
        return AmountBounds(low: low, high: remainder.isZero ? low : low + 1)
    }
}
