import MitredenOpenAPI
import MitredenStore
import OpenAPIRuntime

/// Implements the operations of the OpenAPI document. Each group of operations lives in
/// an extension in its own file (`APIHandlers+Operations.swift`, …); this type only holds
/// the dependencies they share.
struct APIHandlers: APIProtocol {
    let database: Database
    let readiness: ReadinessCheck
    let accounts: AccountService
    let unitService: UnitService
    let campaigns: CampaignService
    let proposals: ProposalService
    let comments: CommentService
    let flags: FlagService
    let moderation: ModerationService
    let responses: ResponseService
    let routing: RoutingService
    let accountability: AccountabilityService
    let votes: VoteService
    let ballots: BallotService
    let results: ResultService
    let planner: PlannerService
    let audit: AuditService
    /// What `/metrics` answers.
    let metrics: MetricsScrape
    /// False when `/metrics` is served on `MITREDEN_METRICS_ADDRESS` instead.
    var metricsOnMainPort = true
}
