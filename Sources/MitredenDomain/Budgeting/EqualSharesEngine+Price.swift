import BigInt

/// Scratch space that `price(of:)` reuses from call to call: the supporters of one candidate
/// per (budget class, slot) with the class's budget bounds copied in (the passes then read
/// memory in order), and the money of the capped ones as coefficients on round prices.
struct PriceEntries {
    var classes: [Int32] = []
    var utilities: [Int] = []
    var weights: [Int] = []
    var bounds: [AmountBounds] = []
    var open: [Int] = []
    var capped: [Int] = []
    /// Σ w·u over the voters capped in one pass, per round they paid in.
    var coefficients: [Int] = []
    var touchedRounds: [Int] = []

    mutating func removeAll(rounds: Int) {
        classes.removeAll(keepingCapacity: true)
        utilities.removeAll(keepingCapacity: true)
        weights.removeAll(keepingCapacity: true)
        bounds.removeAll(keepingCapacity: true)
        open.removeAll(keepingCapacity: true)
        // A pass that ends the computation early leaves its coefficients behind.
        for round in touchedRounds { coefficients[round] = 0 }
        touchedRounds.removeAll(keepingCapacity: true)
        if coefficients.count < rounds {
            coefficients.append(contentsOf: repeatElement(0, count: rounds - coefficients.count))
        }
    }
}

extension EqualSharesEngine {
    /// The smallest ρ for which the supporters of `project` cover its cost (RHO of §3.5), or
    /// `nil` if they cannot.
    ///
    /// With `remaining` and `utility` as in `Price`, a supporter with budget b and utility u is
    /// *capped* (pays all it has) when b · utility < remaining · u. Capping everyone below the
    /// current price raises the price, so this repeats until no further supporter is capped;
    /// every step only caps supporters that the exact price also caps, and the price at the
    /// fixed point is RHO's. This is the order-free form of the sorted walk in the spec.
    mutating func price(of project: Int) -> Price? {
        // The scratch buffers are taken out of `self` while in use, so that writing them never
        // has to check whether the engine's storage is shared.
        var scratch = entries
        entries = PriceEntries()
        defer { entries = scratch }
        collectSupporters(of: project, into: &scratch)

        var remaining = profile.costUnits[project] * denominator
        var utility = profile.totalUtility[project]
        while true {
            let bounds = keyBounds(remaining, dividedBy: utility)
            scratch.capped.removeAll(keepingCapacity: true)
            var kept = 0
            for index in scratch.open.indices {
                let entry = scratch.open[index]
                if isCapped(entry, in: scratch, remaining: remaining, utility: utility, priceBounds: bounds) {
                    scratch.capped.append(entry)
                } else {
                    scratch.open[kept] = entry
                    kept += 1
                }
            }
            scratch.open.removeLast(scratch.open.count - kept)
            if scratch.capped.isEmpty { return Price(remaining: remaining, utility: utility) }

            // Voters with money among the newly capped: they pay b0 each, minus what they
            // paid before.
            var cappedWithMoney = 0
            for entry in scratch.capped {
                let weight = scratch.weights[entry]
                utility -= weight * scratch.utilities[entry]
                let member = scratch.classes[entry]
                guard member != Self.brokeClass else { continue }
                cappedWithMoney += weight
                patterns.forEachPayment(in: classPattern[Int(member)]) { round, paymentUtility in
                    if scratch.coefficients[round] == 0 { scratch.touchedRounds.append(round) }
                    scratch.coefficients[round] += weight * paymentUtility
                }
            }
            // Everyone capped means the supporters' money is less than the cost.
            if utility == 0 { return nil }
            remaining -= cappedMoney(voters: cappedWithMoney, &scratch)
        }
    }

    /// Whether the supporters in `entry` are capped at the price `remaining / (utility · D)`.
    private func isCapped(
        _ entry: Int,
        in scratch: PriceEntries,
        remaining: BigUInt,
        utility: Int,
        priceBounds: AmountBounds
    ) -> Bool {
        let member = Int(scratch.classes[entry])
        if member == Int(Self.brokeClass) { return true }
        let payment = priceBounds.multiplied(by: scratch.utilities[entry])
        if scratch.bounds[entry].isBelow(payment) { return true }
        if scratch.bounds[entry].isAbove(payment) { return false }
        return exactBudget(of: member).multiplied(byWord: UInt(utility))
            < remaining.multiplied(byWord: UInt(scratch.utilities[entry]))
    }

    /// What the voters capped in one pass pay: all of their budgets, over D. Clears the
    /// pass's coefficients.
    private func cappedMoney(voters: Int, _ scratch: inout PriceEntries) -> BigUInt {
        var paidBefore = BigUInt(0)
        for round in scratch.touchedRounds {
            paidBefore += roundPrices[round].multiplied(byWord: UInt(scratch.coefficients[round]))
            scratch.coefficients[round] = 0
        }
        scratch.touchedRounds.removeAll(keepingCapacity: true)
        return startBudget.multiplied(byWord: UInt(voters)) - paidBefore
    }

    /// Fills `scratch` with the supporters of `project` per (class, slot), their weight and
    /// the class's budget bounds; all entries start open.
    private mutating func collectSupporters(of project: Int, into scratch: inout PriceEntries) {
        scratch.removeAll(rounds: roundPrices.count)
        var stamps = takeEntryStamps()
        defer { entryStamp = stamps }
        stamp &+= 1
        let levels = profile.maxSlotsPerProject
        let slots = profile.slotStart[project]..<profile.slotStart[project + 1]
        for (level, slot) in slots.enumerated() {
            let slotUtility = profile.slotUtility[slot]
            for position in profile.supporterStart[slot]..<profile.supporterStart[slot + 1] {
                let member = classOf[Int(profile.supporterGroup[position])]
                let key = Int(member) * levels + level
                let weight = Int(profile.supporterWeight[position])
                if stamps[key] == stamp {
                    scratch.weights[Int(entryValue[key])] += weight
                } else {
                    stamps[key] = stamp
                    entryValue[key] = Int32(scratch.classes.count)
                    scratch.open.append(scratch.classes.count)
                    scratch.classes.append(member)
                    scratch.utilities.append(slotUtility)
                    scratch.weights.append(weight)
                    scratch.bounds.append(classBounds[Int(member)])
                }
            }
        }
    }
}
