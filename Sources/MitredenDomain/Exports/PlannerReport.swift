/// The planner chapter of the council report: what the submitted plans did per item, the
/// typical plans, the published justifications and the proposals that name an item.
public struct PlannerReport: Sendable, Equatable {
    public struct LinkedProposal: Sendable, Equatable {
        public var title: String
        public var changeCents: Int64
        public var responseStatus: String?
        public var response: String?

        public init(title: String, changeCents: Int64, responseStatus: String?, response: String?) {
            self.title = title
            self.changeCents = changeCents
            self.responseStatus = responseStatus
            self.response = response
        }
    }

    public var planner: PlannerDefinition
    public var summary: PlannerSummary
    /// Published justifications per item key.
    public var justifications: [String: [String]]
    /// Proposals that name an item, per item key.
    public var proposals: [String: [LinkedProposal]]

    public init(
        planner: PlannerDefinition, summary: PlannerSummary, justifications: [String: [String]] = [:],
        proposals: [String: [LinkedProposal]] = [:]
    ) {
        self.planner = planner
        self.summary = summary
        self.justifications = justifications
        self.proposals = proposals
    }
}
