import BigInt

/// Budget-class bookkeeping: starting a run and charging the supporters of a selected project.
extension EqualSharesEngine {
    /// Puts every voter with a ballot into one class holding `perVoterBudget`.
    mutating func reset(perVoterBudget: Rational) {
        let start = perVoterBudget * Rational(profile.moneyScale)
        denominator = start.denominator.magnitude
        startBudget = start.numerator.magnitude
        roundPrices.removeAll(keepingCapacity: true)
        patterns.removeAll()
        setKeyPrecision(startNumerator: startBudget)
        reserveClasses(2)

        let home = start.isZero ? Self.brokeClass : 1
        classPattern[Int(home)] = EqualSharesPatterns.empty
        classBounds[Int(Self.brokeClass)] = .zero
        classBounds[Int(home)] = keyBounds(startBudget)
        for group in classOf.indices { classOf[group] = home }
        classCount = 2
    }

    /// Charges the supporters of the selected `project` at its price ρ: each pays
    /// min(budget, ρ·u), which moves them into a class with the lower budget.
    mutating func charge(for project: Int, price: Price) {
        // ρ = remaining / (utility · D). Cancelling common factors first keeps the growth of
        // the shared denominator, and so of every later number, as small as possible.
        let utility = UInt(price.utility)
        let divisor = Rational.wordGCD(utility, UInt(price.remaining % BigUInt(utility)))
        let perUtility = divisor == 1 ? price.remaining : price.remaining / BigUInt(divisor)
        scaleDenominator(by: utility / divisor)
        let round = roundPrices.count
        roundPrices.append(perUtility)
        let perUtilityBounds = keyBounds(perUtility)

        let slots = profile.slotStart[project]..<profile.slotStart[project + 1]
        let supporters = profile.supporterStart[slots.lowerBound]..<profile.supporterStart[slots.upperBound]
        // At most one new class per supporting group; reserving first lets the loop below
        // work on the tables without them being reallocated under it.
        reserveClasses(classCount + supporters.count)
        var stamps = takeEntryStamps()
        defer { entryStamp = stamps }

        stamp &+= 1
        let levels = profile.maxSlotsPerProject
        for (level, slot) in slots.enumerated() {
            let slotUtility = profile.slotUtility[slot]
            let payment = (bounds: perUtilityBounds.multiplied(by: slotUtility), round: round, utility: slotUtility)
            for position in profile.supporterStart[slot]..<profile.supporterStart[slot + 1] {
                let group = Int(profile.supporterGroup[position])
                let source = classOf[group]
                if source == Self.brokeClass { continue }
                let key = Int(source) * levels + level
                if stamps[key] != stamp {
                    stamps[key] = stamp
                    entryValue[key] = landingClass(from: source, payment: payment)
                }
                classOf[group] = entryValue[key]
            }
        }
    }

    /// A new class for voters of `source` after paying ρ·u in `payment.round`, or the broke
    /// class when they cannot pay that in full (they then pay everything they have).
    private mutating func landingClass(
        from source: Int32,
        payment: (bounds: AmountBounds, round: Int, utility: Int)
    ) -> Int32 {
        let budgetBounds = classBounds[Int(source)]
        let canPay: Bool
        if budgetBounds.isAbove(payment.bounds) {
            canPay = true
        } else if budgetBounds.isBelow(payment.bounds) {
            canPay = false
        } else {
            canPay = exactBudget(of: Int(source)) > roundPrices[payment.round].multiplied(byWord: UInt(payment.utility))
        }
        guard canPay else { return Self.brokeClass }
        let member = classCount
        classCount += 1
        classPattern[member] = patterns.appending(round: payment.round, utility: payment.utility, to: classPattern[Int(source)])
        classBounds[member] = budgetBounds.subtracting(payment.bounds)
        return Int32(member)
    }

    /// Moves the entry stamps out of the engine for a hot loop, so that writing them never
    /// has to check whether the storage is shared. The caller puts them back.
    mutating func takeEntryStamps() -> [Int32] {
        let stamps = entryStamp
        entryStamp = []
        return stamps
    }

    /// Makes room for at least `count` classes, growing the per-class tables geometrically.
    private mutating func reserveClasses(_ count: Int) {
        guard count > capacity else { return }
        let newCapacity = max(count, capacity * 2, 64)
        let added = newCapacity - capacity
        let levels = profile.maxSlotsPerProject
        entryStamp.append(contentsOf: repeatElement(0, count: added * levels))
        entryValue.append(contentsOf: repeatElement(0, count: added * levels))
        classPattern.append(contentsOf: repeatElement(0, count: added))
        classBounds.append(contentsOf: repeatElement(.zero, count: added))
        capacity = newCapacity
    }
}
