/// The payment histories of budget classes, as a tree of shared prefixes.
///
/// A class that has never been capped has budget b0 − Σ ρ_r · u_r over the rounds r in which
/// it paid (u_r its utility for that round's project). Its history is stored as a node whose
/// parent is the history before the last payment, so a new class costs one node however long
/// its history, and walking a history touches one node per payment (at most the length of a
/// ballot). Node 0 is the empty history.
struct EqualSharesPatterns {
    private var parent: [Int32] = [0]
    private var round: [Int32] = [0]
    private var utility: [Int32] = [0]

    static let empty: Int32 = 0

    /// Forgets every history but the empty one, keeping the storage.
    mutating func removeAll() {
        parent.removeAll(keepingCapacity: true)
        round.removeAll(keepingCapacity: true)
        utility.removeAll(keepingCapacity: true)
        parent.append(0)
        round.append(0)
        utility.append(0)
    }

    /// The history `pattern` followed by a payment of ρ_round · `utility`.
    mutating func appending(round paymentRound: Int, utility paymentUtility: Int, to pattern: Int32) -> Int32 {
        parent.append(pattern)
        round.append(Int32(paymentRound))
        utility.append(Int32(paymentUtility))
        return Int32(parent.count - 1)
    }

    /// Calls `body(round, utility)` for every payment in the history `pattern`.
    func forEachPayment(in pattern: Int32, _ body: (Int, Int) -> Void) {
        var node = Int(pattern)
        while node != 0 {
            body(Int(round[node]), Int(utility[node]))
            node = Int(parent[node])
        }
    }
}
