import Foundation
import HTTPTypes
import Hummingbird
import MitredenDomain
import MitredenStore
import NIOCore

/// `GET /v1/campaigns/{slug}/exports/{name}`, streamed: rows go out as they are read, and
/// a slow client slows the export down instead of filling the server's memory. Each export
/// holds a database connection while it streams, so their number is bounded (``ExportGate``)
/// and a reader that stops reading is let go after the send timeout.
struct ExportRoute: Sendable {
    let exports: ExportService
    let settings: ExportSettings
    let gate: ExportGate

    init(exports: ExportService, settings: ExportSettings) {
        self.exports = exports
        self.settings = settings
        self.gate = ExportGate(capacity: settings.concurrency, lifetime: settings.maximumDuration)
    }

    func register(on router: Router<AppRequestContext>, routes: RouteTable) {
        routes.record(path: "/v1/campaigns/{slug}/exports/{name}", method: .get)
        router.get("/v1/campaigns/:slug/exports/:name") { request, context in
            try await respond(to: request, context: context)
        }
    }

    func respond(to request: Request, context: AppRequestContext) async throws -> Response {
        let slug = context.parameters.get("slug") ?? ""
        let rawName = context.parameters.get("name") ?? ""
        guard let name = ExportName(rawValue: rawName) else {
            throw APIError.notFound("no export '\(rawName)'; there are \(ExportName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var options = ExportOptions()
        switch request.uri.queryParameters.get("spreadsheet") {
        case nil, "standard": break
        case "german": options.germanSpreadsheet = true
        default: throw APIError.validation([.init(field: "spreadsheet", message: "must be standard or german")])
        }
        options.area = request.uri.queryParameters.get("area").map { String($0) }
        // `lang`, else the request's Accept-Language, else the account's language, else German.
        if let lang = request.uri.queryParameters.get("lang") {
            guard let language = ReportLanguage(rawValue: String(lang)) else {
                throw APIError.validation([.init(field: "lang", message: "must be de or en")])
            }
            options.language = language
        } else {
            options.language =
                Language.named(byAcceptLanguage: request.headers[.acceptLanguage]) ?? RequestScope.current.principal?.account.language ?? .de
        }
        // Decided here, inside the request's scope: the body below runs after the handler returns.
        let campaign = try await ExportAccess.campaign(slug, for: name, in: exports.database, now: exports.clock.now)
        if name == .electionPB { _ = try ExportService.electionArea(of: campaign, named: options.area) }
        guard let slot = gate.enter() else {
            throw APIError(
                .serviceUnavailable, kind: "exports-busy", title: "Too many exports at once",
                detail: "\(settings.concurrency) exports are streaming already; try again in a minute",
                headers: [.retryAfter: "60"])
        }
        let (exports, chosen, gate, settings) = (self.exports, options, self.gate, self.settings)
        // The body runs outside the request's task-local scope: carry the read routing over.
        let fromReplica = ReplicaReads.allowed
        let body = ResponseBody { writer in
            defer { gate.leave(slot) }
            let sink = ResponseWriterSink(writer: writer, sendTimeout: settings.sendTimeout)
            try await ReplicaReads.$allowed.withValue(fromReplica) {
                try await withTimeout(settings.maximumDuration) {
                    try await exports.export(name, campaign: campaign, options: chosen, to: sink)
                    try await sink.finish()
                }
            }
        }
        let fileName = name.fileName(campaign: slug, language: options.language)
        var headers: HTTPFields = [
            .contentType: name.contentType,
            .contentDisposition: "attachment; filename=\"\(fileName)\"",
            .cacheControl: "no-store",
        ]
        // The report is the one HTML answer: its inline style and charts need their own policy.
        if name == .reportHTML { headers[.contentSecurityPolicy] = SecurityHeadersMiddleware.reportPolicy }
        return Response(status: .ok, headers: headers, body: body)
    }
}

/// Who may export what: staff of the campaign's unit (any role) and admins always; from
/// the results phase on, everyone the open-data files of a campaign that publishes them.
/// Comments and the bundle stay with the staff: citizens' free text is not open data by
/// default. Drafts stay hidden (404).
enum ExportAccess {
    static let openData: Set<ExportName> = [
        .proposalsCSV, .resultsJSON, .electionPB, .reportHTML, .accountabilityCSV, .plansCSV, .plannerSummaryCSV,
    ]

    static func campaign(_ slug: String, for name: ExportName, in database: Database, now: Date) async throws -> CampaignRecord {
        let campaign = try await Visibility.campaign(slug, for: RequestScope.current.principal?.account, database: database)
        if name == .electionPB, campaign.fields.kind != .budget {
            throw APIError.notFound("election.pb exists for budget campaigns only; \(slug) is a dialogue")
        }
        if Authorization.isStaff(of: campaign) { return try await withPlanner(campaign, for: name, in: database) }
        let resultsOut = PhaseRules.resultsPublished(in: campaign.phaseContext, at: now)
        guard campaign.fields.settings.openData, resultsOut, openData.contains(name) else {
            let rule =
                "the unit's staff may export at any time; everyone else only the open-data files "
                + "(\(openData.map(\.rawValue).sorted().joined(separator: ", "))) of a campaign that publishes them, from its results phase on"
            if RequestScope.current.principal == nil { throw APIError.unauthenticated(rule) }
            throw APIError.forbidden(rule)
        }
        return try await withPlanner(campaign, for: name, in: database)
    }

    /// The planner's files exist only for a campaign with a planner; checked after access,
    /// so nobody learns more from a 404 than from the refusal.
    static func withPlanner(_ campaign: CampaignRecord, for name: ExportName, in database: Database) async throws -> CampaignRecord {
        if ExportName.plannerFiles.contains(name), try await Planners.find(campaign: campaign.id, on: database) == nil {
            throw APIError.notFound("\(name.rawValue) exists for campaigns with a budget planner only; \(campaign.slug) has none")
        }
        return campaign
    }
}

/// Hands export chunks to Hummingbird's response writer. Used by the one task that writes
/// the response body, one call after another.
final class ResponseWriterSink: ExportSink, @unchecked Sendable {
    private var writer: any ResponseBodyWriter
    private let sendTimeout: Duration

    init(writer: any ResponseBodyWriter, sendTimeout: Duration) {
        self.writer = writer
        self.sendTimeout = sendTimeout
    }

    /// A client that takes no chunk for `sendTimeout` is let go: the export's transaction
    /// ends and its connection returns to the pool.
    func write(_ bytes: [UInt8]) async throws {
        try await withTimeout(sendTimeout) { try await self.writer.write(ByteBuffer(bytes: bytes)) }
    }

    func finish() async throws {
        try await writer.finish(nil)
    }
}
