import Hummingbird
import Logging
import MitredenStore
import PostgresNIO
import ServiceLifecycle

/// Builds the exact application that `mitreden serve` runs and the tests exercise: the
/// database pool, the mail, housekeeping and result workers (run as services, stopped on
/// shutdown), the middleware stack and every operation of the OpenAPI document.
public func buildApplication(
    configuration: AppConfiguration,
    logger: Logger,
    migrations: [Migration]? = nil
) throws -> some ApplicationProtocol {
    let client = PostgresClient(
        configuration: configuration.databaseURL.clientConfiguration(
            poolSize: configuration.databasePoolSize, timeouts: configuration.databaseTimeouts, pooler: configuration.databasePooler),
        backgroundLogger: logger
    )
    // The replica gets a pool of its own, as large as the primary's: on a vote night's
    // peak it carries most of the reads. It is reached directly (never through the pooler).
    let replicaClient = configuration.replicaURL.map { url in
        PostgresClient(
            configuration: url.clientConfiguration(poolSize: configuration.databasePoolSize, timeouts: configuration.databaseTimeouts),
            backgroundLogger: logger)
    }
    let replica = replicaClient.map { client in
        ReplicaPool(
            database: Database(client: client, logger: logger, timeouts: configuration.databaseTimeouts),
            maxLag: configuration.replicaMaxLag, staleAfter: configuration.replicaCheckInterval * 3 + .seconds(2))
    }
    let database = Database(
        client: client, logger: logger, timeouts: configuration.databaseTimeouts, pooler: configuration.databasePooler, replica: replica)
    let migrator = Migrator(database: database, migrations: try migrations ?? Migration.embedded())

    let readiness = ReadinessCheck(migrator: migrator, replica: replica)
    let metrics = MetricsScrape(
        registry: PrometheusSetup.registry, database: database, readiness: readiness, poolSize: configuration.databasePoolSize,
        clock: configuration.clock, logger: logger)
    let accounts = AccountService(database: database, settings: configuration.accounts, clock: configuration.clock)
    let router = Router(context: AppRequestContext.self)
    let routes = RouteTable()
    // Outermost first: the request id must exist before anything logs or fails.
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ClientAddressMiddleware(trustedProxies: configuration.trustedProxies))
    router.add(middleware: RequestMetricsMiddleware(registry: PrometheusSetup.registry))
    router.add(middleware: AccessLogMiddleware())
    // Outside the problem middleware, so refusals carry the CORS headers too.
    router.add(middleware: CORSMiddleware(origins: configuration.corsOrigins))
    router.add(middleware: ProblemMiddleware(routes: routes))
    router.add(middleware: RequestBodyMiddleware(limit: configuration.bodyLimit))
    // What openapi.yaml says of the matched operation, looked up once for the four below.
    let operations = try OperationIndex(document: EmbeddedOpenAPIDocument.files[0].contents)
    router.add(middleware: OperationLookupMiddleware(index: operations))
    router.add(middleware: AuthenticationMiddleware(accounts: accounts))
    // Unknown or invalid query parameters are refused as unknown body fields are.
    router.add(middleware: QueryValidationMiddleware())
    // After authentication (an invalid session is refused, not read anonymously).
    if let replica { router.add(middleware: ReadRoutingMiddleware(replica: replica, registry: PrometheusSetup.registry)) }
    // Inside authentication (a key belongs to the signed-in account), around the handler:
    // the request's unit of work spans everything the handler does.
    router.add(
        middleware: IdempotencyMiddleware(
            database: database, clock: configuration.clock, bodyLimit: configuration.bodyLimit))
    // Innermost: it hashes the body the handler made and knows whether a session asked.
    router.add(middleware: ConditionalGetMiddleware())

    var planner = PlannerService(database: database, clock: configuration.clock).limited(by: configuration.writeLimits)
    planner.renewsSummariesInBackground = true
    let handlers = APIHandlers(
        database: database, readiness: readiness, accounts: accounts,
        unitService: UnitService(database: database, clock: configuration.clock),
        campaigns: CampaignService(database: database, clock: configuration.clock),
        proposals: ProposalService(database: database, clock: configuration.clock).limited(by: configuration.writeLimits),
        comments: CommentService(database: database, clock: configuration.clock).limited(by: configuration.writeLimits),
        flags: FlagService(database: database, clock: configuration.clock).limited(by: configuration.writeLimits),
        moderation: ModerationService(database: database, clock: configuration.clock),
        responses: ResponseService(database: database, clock: configuration.clock),
        routing: RoutingService(database: database, clock: configuration.clock),
        accountability: AccountabilityService(database: database, clock: configuration.clock),
        votes: VoteService(database: database, clock: configuration.clock).limited(by: configuration.writeLimits),
        ballots: BallotService(database: database, clock: configuration.clock).limited(by: configuration.writeLimits),
        results: ResultService(database: database, clock: configuration.clock),
        planner: planner,
        audit: AuditService(database: database),
        metrics: metrics,
        metricsOnMainPort: configuration.metricsAddress == nil
    )
    // Compact JSON (the generator's default is pretty-printed: a plan's answer was 6 KB, a
    // third of it spaces and line breaks, encoded on every request); sorted keys keep the
    // bytes, and so the ETags, the same for the same data.
    try handlers.registerHandlers(
        on: RecordingTransport(router: router, routes: routes), configuration: .init(jsonEncodingOptions: [.sortedKeys]))
    ExportRoute(exports: ExportService(database: database, clock: configuration.clock), settings: configuration.exports)
        .register(on: router, routes: routes)
    try operations.requireDocumented(routes.all)

    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "mitreden"),
        logger: logger
    )
    let mailTransport: any MailTransport
    if let command = configuration.accounts.mailCommand {
        mailTransport = SendmailTransport(command: command)
    } else {
        logger.notice(
            "MITREDEN_MAIL_COMMAND is not set: mail is written to the log, not sent",
            metadata: ["bodies": .string(configuration.development ? "logged (MITREDEN_DEVELOPMENT)" : "withheld")])
        mailTransport = LogMailTransport(logger: logger, logsBodies: configuration.development)
    }
    let mailWorker = MailWorker(
        database: database, transport: mailTransport, from: configuration.accounts.mailFrom,
        // Behind a transaction pooler nothing wakes it (no LISTEN): it polls more often.
        interval: configuration.databasePooler.allowsListen
            ? configuration.accounts.mailPollInterval : min(configuration.accounts.mailPollInterval, .seconds(5)),
        limits: MailDeliveryLimits(concurrency: configuration.accounts.mailConcurrency), clock: configuration.clock, logger: logger
    )
    let housekeeping = HousekeepingWorker(
        database: database, throttleWindow: configuration.accounts.loginWindow,
        interval: .seconds(600), clock: configuration.clock, logger: logger, accounts: accounts
    )
    // Results are computed once after voting closes, not by the first readers.
    let resultWorker = ResultWorker(database: database, interval: .seconds(30), clock: configuration.clock, logger: logger)
    // The response promise's reminders, digests and escalations; once each across instances.
    let reminderWorker = ResponseReminderWorker(
        database: database, interval: configuration.responseReminderInterval, digestHour: configuration.responseDigestHour,
        clock: configuration.clock, logger: logger)
    // Stale planner summaries are computed again here, never inside a participant's request.
    let summaryWorker = PlannerSummaryWorker(planner: planner, interval: .seconds(5), logger: logger)
    app.addServices(client, mailWorker, housekeeping, resultWorker, reminderWorker, summaryWorker)
    if let replicaClient, let replica {
        app.addServices(
            replicaClient, ReplicaMonitor(replica: replica, primary: database, interval: configuration.replicaCheckInterval, logger: logger))
    }
    if let address = configuration.metricsAddress {
        app.addServices(MetricsListener.application(address: address, metrics: metrics, logger: logger))
    }
    return app
}
