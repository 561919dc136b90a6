import MitredenDomain

/// A direct transcription of SPEC §3, voter by voter, with `Rational` everywhere and no
/// shortcuts. Slow, but simple enough to check by reading; the tests compare the fast
/// engines with it.
struct RuleReference {
    let election: BudgetElection
    let ids: [String]
    let cost: [String: Rational]
    let approvals: [Set<String>]
    let votes: [String: Int]

    init(_ election: BudgetElection) {
        self.election = election
        ids = election.projects.map(\.id)
        cost = Dictionary(uniqueKeysWithValues: election.projects.map { ($0.id, $0.cost) })
        approvals = election.ballots.map(\.approvedProjectIDs)
        var votes = Dictionary(uniqueKeysWithValues: ids.map { ($0, 0) })
        for approved in approvals { for id in approved { votes[id]! += 1 } }
        self.votes = votes
    }

    var budget: Rational { election.budget }
    var n: Int { election.ballots.count }

    func outcome(_ rule: BudgetRule) -> Set<String> {
        switch rule {
        case .greedyVotes: greedy(density: votesDensity)
        case .greedyVotesPerCost: greedy(density: votesPerCostDensity)
        case .greedyPoints: greedy(density: pointsDensity)
        case .mesCost: mes(costUtility, perVoter: equalShare)
        case .mesApproval: mes(approvalUtility, perVoter: equalShare)
        case .mesPoints: mes(pointsUtility, perVoter: equalShare)
        case .mesCostAdd1: add1()
        case .mesCostAdd1Greedy: add1Greedy()
        case .mesCostAdd1EqualShares: add1EqualShares()
        case .seqPhragmen: phragmen()
        }
    }

    // MARK: Greedy (§3.1–3.4). A density is (infinite?, value).

    func greedy(density: (String) -> (Bool, Rational), start: Set<String> = []) -> Set<String> {
        var selected = start
        var remaining = budget - total(start)
        let order = ids.filter { !start.contains($0) }.sorted { a, b in
            let (da, db) = (density(a), density(b))
            if da != db { return da.0 != db.0 ? da.0 : da.1 > db.1 }
            return BudgetOutcome.precedes(a, b)
        }
        for id in order where cost[id]! <= remaining {
            selected.insert(id)
            remaining -= cost[id]!
        }
        return selected
    }

    func votesDensity(_ id: String) -> (Bool, Rational) {
        (false, votes[id]! > 0 && cost[id]! > .zero ? Rational(votes[id]!) : .zero)
    }

    func votesPerCostDensity(_ id: String) -> (Bool, Rational) {
        if votes[id]! == 0 { return (false, .zero) }
        return cost[id]! > .zero ? (false, Rational(votes[id]!) / cost[id]!) : (true, .zero)
    }

    func pointsDensity(_ id: String) -> (Bool, Rational) {
        let points = (0..<n).reduce(Rational.zero) { $0 + pointsUtility($1, id) }
        return (false, points > .zero && cost[id]! > .zero ? points : .zero)
    }

    // MARK: Method of Equal Shares (§3.5–3.11)

    func costUtility(_ voter: Int, _ id: String) -> Rational { approvals[voter].contains(id) ? cost[id]! : .zero }
    func approvalUtility(_ voter: Int, _ id: String) -> Rational { approvals[voter].contains(id) ? 1 : .zero }
    func pointsUtility(_ voter: Int, _ id: String) -> Rational {
        if case .points(let points) = election.ballots[voter] { return points[id] ?? .zero }
        return .zero
    }

    var equalShare: Rational { n == 0 ? .zero : budget / Rational(n) }

    func mes(_ u: (Int, String) -> Rational, perVoter b0: Rational) -> Set<String> {
        // Supporters of each project with their utility, and U(p).
        var supporters: [String: [(voter: Int, utility: Rational)]] = [:]
        var utility: [String: Rational] = [:]
        for id in ids {
            supporters[id] = (0..<n).compactMap { voter in
                let value = u(voter, id)
                return value > .zero ? (voter, value) : nil
            }
            utility[id] = supporters[id]!.reduce(.zero) { $0 + $1.utility }
        }
        var selected = Set(ids.filter { cost[$0]! == .zero && utility[$0]! > .zero })
        var candidates = ids.filter { cost[$0]! > .zero && utility[$0]! > .zero }
        var money = [Rational](repeating: b0, count: n)
        while true {
            candidates.removeAll { id in supporters[id]!.reduce(.zero) { $0 + money[$1.voter] } < cost[id]! }
            if candidates.isEmpty { return selected }
            func rho(_ id: String) -> Rational {
                let order = supporters[id]!.map { ($0, money[$0.voter] / $0.utility) }.sorted { $0.1 < $1.1 }.map(\.0)
                var paid = Rational.zero
                var denominator = utility[id]!
                for (voter, u) in order {
                    let r = (cost[id]! - paid) / denominator
                    if r * u <= money[voter] { return r }
                    paid += money[voter]
                    denominator -= u
                }
                fatalError("affordable project without a price")
            }
            let prices = candidates.map { ($0, rho($0)) }
            let best = prices.min { a, b in a.1 != b.1 ? a.1 < b.1 : BudgetOutcome.precedes(a.0, b.0) }!
            selected.insert(best.0)
            candidates.removeAll { $0 == best.0 }
            for (voter, u) in supporters[best.0]! {
                money[voter] -= min(money[voter], best.1 * u)
            }
        }
    }

    func exhaustive(_ selected: Set<String>, pool: [String]) -> Bool {
        pool.allSatisfy { selected.contains($0) || total(selected) + cost[$0]! > budget }
    }

    func add1() -> Set<String> {
        let pool = ids.filter { cost[$0]! > .zero && votes[$0]! > 0 }
        var b = equalShare
        var previous = Set<String>()
        while true {
            let selected = mes(costUtility, perVoter: b)
            if total(selected) > budget { return previous }
            if exhaustive(selected, pool: pool) { return selected }
            previous = selected
            b += 1
        }
    }

    func add1Greedy() -> Set<String> {
        let selected = add1()
        return exhaustive(selected, pool: ids) ? selected : greedy(density: votesDensity, start: selected)
    }

    func add1EqualShares() -> Set<String> {
        if total(Set(ids)) <= budget { return mes(costUtility, perVoter: equalShare) }
        let everything = Set(ids.filter { cost[$0]! > .zero && votes[$0]! > 0 })
        var b = Rational(equalShare.floor)
        var selected = mes(costUtility, perVoter: b)
        while true {
            let next = mes(costUtility, perVoter: b + 1)
            if total(next) > budget { return selected }
            b += 1
            selected = next
            // The spec's loop never ends once every candidate fits; this is its limit.
            if selected == everything { return selected }
        }
    }

    // MARK: Sequential Phragmén (§3.12)

    func phragmen() -> Set<String> {
        var remaining = ids.filter { cost[$0]! <= budget }
        var load = [Rational](repeating: .zero, count: n)
        var selected = Set<String>()
        while !remaining.isEmpty {
            let times: [(String, Rational?)] = remaining.map { id in
                guard votes[id]! > 0 else { return (id, nil) }
                let voters = (0..<n).filter { approvals[$0].contains(id) }
                let sum = voters.reduce(Rational.zero) { $0 + load[$1] }
                return (id, (sum + cost[id]!) / Rational(votes[id]!))
            }
            let finite = times.compactMap(\.1)
            let best = finite.min()
            let tied = times.filter { $0.1 == best }.map(\.0)
            if tied.contains(where: { total(selected) + cost[$0]! > budget }) { break }
            let chosen = tied.min(by: BudgetOutcome.precedes)!
            selected.insert(chosen)
            remaining.removeAll { $0 == chosen }
            if let best {
                for voter in 0..<n where approvals[voter].contains(chosen) { load[voter] = best }
            }
        }
        return selected
    }

    func total(_ selected: Set<String>) -> Rational {
        selected.reduce(.zero) { $0 + cost[$1]! }
    }
}
