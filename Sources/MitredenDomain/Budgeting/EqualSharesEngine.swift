import BigInt

/// The core procedure MES(u, b0) of SPEC §3.5, exact, for elections with ~10^5 voters.
///
/// Four observations keep it fast without leaving exact arithmetic:
/// * Voters are tracked in *budget classes* (in practice, of groups of identical ballots).
///   Selecting a project moves its supporters from their class to a class with a lower
///   budget, so a price computation works on the classes of the supporters, not on voters.
/// * A voter who cannot pay the full share pays everything and has nothing left. So every
///   class but the broke one has budget b0 − Σ ρ_r·u_r over the rounds r in which it paid,
///   and is stored as that list of rounds (`EqualSharesPatterns`) instead of a number.
///   Exact sums over classes become integer coefficients on the few round prices.
/// * Each class also carries fixed-point bounds on its budget. Comparisons whose bounds do
///   not overlap are decided by them, correctly; only near-equal values are compared exactly.
/// * ρ never decreases from round to round, so candidates are examined in order of their
///   previous ρ, stopping once that lower bound exceeds the best ρ found (SPEC §3.5).
///
/// The outcome is exactly that of the procedure in the spec.
struct EqualSharesEngine {
    /// A candidate's price per utility unit: `remaining / (utility · denominator)` money units,
    /// where `remaining` is the cost still to cover by the uncapped supporters (cost minus what
    /// the capped ones pay) and `utility` their total utility.
    struct Price {
        var remaining: BigUInt
        var utility: Int
    }

    let profile: EqualSharesProfile
    /// The class of voters without money; it always exists and never changes.
    static let brokeClass: Int32 = 0

    /// The common denominator D of all exact amounts below, in money units.
    var denominator = BigUInt(1)
    /// b0 over D.
    var startBudget = BigUInt(0)
    /// ρ of each round so far (per utility unit), over D.
    var roundPrices: [BigUInt] = []
    var patterns = EqualSharesPatterns()
    /// Per class: its pattern and fixed-point bounds on its budget (see `keyBounds`).
    var classPattern: [Int32] = []
    var classBounds: [AmountBounds] = []
    var keyBits: Int?
    var classOf: [Int32] = []
    /// Classes in use in this run are `0..<classCount`; emptied classes are not reused, which
    /// saves tracking how many voters each holds.
    var classCount = 0
    var capacity = 0

    /// Per (class, slot level): a stamp saying whether the entry below is current.
    var entryStamp: [Int32] = []
    /// Per (class, slot level): in `price`, the entry index; in `charge`, the target class.
    var entryValue: [Int32] = []
    var stamp: Int32 = 0
    var entries = PriceEntries()

    /// Projects still in C, by ascending lower bound on ρ, then tie rank.
    var candidates: [Int] = []
    var boundNumerator: [BigUInt]
    var boundDenominator: [BigUInt]
    private let initialBoundDenominator: [BigUInt]

    init(profile: EqualSharesProfile) {
        self.profile = profile
        classOf = Array(repeating: 0, count: profile.groups.count)
        initialBoundDenominator = (0..<profile.projectCount).map {
            BigUInt(profile.totalUtility[$0]) * profile.rhoScale[$0]
        }
        boundNumerator = profile.costUnits
        boundDenominator = initialBoundDenominator
    }

    /// Runs MES with every voter starting at `perVoterBudget` (in currency units) and returns
    /// the selected project indices in the order of selection, free projects first.
    mutating func run(perVoterBudget: Rational) -> [Int] {
        reset(perVoterBudget: perVoterBudget)
        candidates = profile.candidates
        boundNumerator = profile.costUnits
        boundDenominator = initialBoundDenominator
        var selected = profile.freeProjects
        while let (project, price) = selectNext() {
            selected.append(project)
            candidates.removeAll { $0 == project }
            charge(for: project, price: price)
        }
        return selected
    }

    /// One round of the loop in SPEC §3.5: drops unaffordable candidates it meets and returns
    /// the affordable candidate with the smallest ρ (smallest tie rank among equals).
    private mutating func selectNext() -> (Int, Price)? {
        var best: (project: Int, price: Price, scaledUtility: BigUInt, boundScale: BigUInt)?
        var examined = 0
        var affordable: [Int] = []
        for project in candidates {
            if let best, boundNumerator[project] * best.boundScale > best.price.remaining * boundDenominator[project] {
                break
            }
            examined += 1
            guard let price = price(of: project) else { continue }
            let scaledUtility = BigUInt(price.utility) * profile.rhoScale[project]
            boundNumerator[project] = price.remaining
            boundDenominator[project] = scaledUtility * denominator
            affordable.append(project)
            if let current = best {
                let lhs = price.remaining * current.scaledUtility
                let rhs = current.price.remaining * scaledUtility
                guard lhs < rhs || (lhs == rhs && profile.tieRank[project] < profile.tieRank[current.project])
                else { continue }
            }
            best = (project, price, scaledUtility, scaledUtility * denominator)
        }
        reorderCandidates(examined: examined, affordable: affordable)
        return best.map { ($0.project, $0.price) }
    }

    /// Restores the lower-bound order after a round. Only the examined prefix changed
    /// (bounds rose, unaffordable projects left), so it is sorted on its own and merged
    /// back into the untouched rest.
    private mutating func reorderCandidates(examined: Int, affordable: [Int]) {
        let sorted = affordable.sorted(by: boundPrecedes)
        let rest = candidates[examined...]
        var merged: [Int] = []
        merged.reserveCapacity(sorted.count + rest.count)
        var restIndex = rest.startIndex
        for project in sorted {
            while restIndex < rest.endIndex && boundPrecedes(rest[restIndex], project) {
                merged.append(rest[restIndex])
                restIndex += 1
            }
            merged.append(project)
        }
        merged.append(contentsOf: rest[restIndex...])
        candidates = merged
    }

    private func boundPrecedes(_ lhs: Int, _ rhs: Int) -> Bool {
        let left = boundNumerator[lhs] * boundDenominator[rhs]
        let right = boundNumerator[rhs] * boundDenominator[lhs]
        return left != right ? left < right : profile.tieRank[lhs] < profile.tieRank[rhs]
    }
}
