import Logging
import PostgresNIO

/// Rings the mail worker's bell whenever mail is queued anywhere (``Outbox/enqueue``
/// notifies on ``Outbox/channel`` at commit), so a queued verification mail leaves at once
/// instead of at the next poll. Keeps one connection of the pool for as long as it listens.
struct OutboxListener {
    let database: Database
    let logger: Logger
    /// The pause before listening again after the connection was lost.
    let retryDelay: Duration

    /// Until cancelled. The bell also rings each time listening (re)starts: mail queued
    /// while no one listened sent no notification this listener could hear.
    func run(ringing bell: AsyncStream<Void>.Continuation) async {
        while !Task.isCancelled {
            do {
                try await database.withConnection { connection in
                    try await connection.listen(on: Outbox.channel) { notifications in
                        bell.yield()
                        for try await _ in notifications { bell.yield() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("not listening for queued mail; polling until it works again", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: retryDelay)
        }
    }
}
