import Hummingbird
import Logging
import Metrics
import MitredenStore
import PostgresNIO
import ServiceLifecycle

/// Builds the exact application that `mitreden serve` runs and the tests exercise: the
/// database pool (run as a service, closed on shutdown), the middleware stack and every
/// operation of the OpenAPI document.
public func buildApplication(
    configuration: AppConfiguration,
    logger: Logger,
    migrations: [Migration]? = nil
) throws -> some ApplicationProtocol {
    _ = PrometheusSetup.registry
    let client = PostgresClient(
        configuration: configuration.databaseURL.clientConfiguration(poolSize: configuration.databasePoolSize),
        backgroundLogger: logger
    )
    Gauge(label: "mitreden_db_pool_size").record(configuration.databasePoolSize)
    let database = Database(client: client, logger: logger)
    let migrator = Migrator(database: database, migrations: try migrations ?? Migration.embedded())

    let router = Router(context: AppRequestContext.self)
    let routes = RouteTable()
    // Outermost first: the request id must exist before anything logs or fails.
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: ProblemMiddleware(routes: routes))
    router.add(middleware: RequestBodyMiddleware(limit: configuration.bodyLimit))

    let handlers = APIHandlers(database: database, readiness: ReadinessCheck(migrator: migrator))
    try handlers.registerHandlers(on: RecordingTransport(router: router, routes: routes))

    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "mitreden"),
        logger: logger
    )
    app.addServices(client)
    return app
}
