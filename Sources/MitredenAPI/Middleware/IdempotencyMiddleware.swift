import Foundation
import HTTPTypes
import Hummingbird
import MitredenDomain
import MitredenStore

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}

/// `Idempotency-Key` on the writes that document it (``DocumentedOperation/acceptsIdempotencyKey``): a retry
/// with the same key gets the first answer, byte for byte, with `Idempotent-Replayed: true`,
/// and nothing happens a second time.
///
/// The request runs inside one ``UnitOfWork``: the key is claimed first, the handler's
/// services join that transaction, and a 2xx answer is stored with the key before it all
/// commits. So the effect and the remembered answer exist together or not at all. A
/// second request with the same key while the first runs waits on the key's row and then
/// gets the first one's answer. A request that fails (a 4xx, a 5xx, an error) rolls back
/// with its claim: nothing was done, and the same key may be sent again.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let database: Database
    let clock: AppClock
    /// The body limit: a body is collected (already, by ``RequestBodyMiddleware``) up to it.
    let bodyLimit: Int
    /// The largest answer remembered. The operations that take keys answer a few KiB.
    static let answerLimit = 1 << 20

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let key = request.headers[.idempotencyKey], context.operation?.acceptsIdempotencyKey == true,
            let account = RequestScope.current.principal?.account.id
        else { return try await next(request, context) }
        guard IdempotencyKeys.isWellFormed(key) else {
            throw APIError.validation([
                .init(field: "Idempotency-Key", message: "must be 1 to \(IdempotencyKeys.maximumLength) visible ASCII characters, such as a UUID")
            ])
        }
        var request = request
        let body = try await request.collectBody(upTo: bodyLimit)
        let hash = IdempotencyKeys.requestHash(method: request.method.rawValue, target: request.uri.description, body: Self.canonical(body))
        do {
            return try await database.withUnitOfWork { tx in
                switch try await IdempotencyKeys.claim(key, account: account, requestHash: hash, now: clock.now, on: tx) {
                case .replay(let answer):
                    return Self.response(replaying: answer)
                case .fresh:
                    let response = try await next(request, context)
                    guard (200..<300).contains(response.status.code) else { throw Unremembered(response: response) }
                    let collector = ResponseBodyCollector()
                    try await response.body.write(collector)
                    guard collector.buffer.readableBytes <= Self.answerLimit else {
                        throw ServiceError.unexpected("an answer of \(collector.buffer.readableBytes) bytes is too large to remember")
                    }
                    try await IdempotencyKeys.remember(
                        RememberedAnswer(
                            status: response.status.code, contentType: response.headers[.contentType],
                            location: response.headers[.location], body: Data(buffer: collector.buffer)),
                        for: key, account: account, on: tx)
                    var answered = response
                    answered.body = ResponseBody(byteBuffer: collector.buffer)
                    return answered
                }
            }
        } catch let unremembered as Unremembered {
            return unremembered.response
        }
    }

    /// The body as the request's identity: JSON with its keys sorted, so a client that
    /// serialises the same object again in another key order sends the same request. The
    /// body parsed already (``RequestBodyMiddleware``); anything else is taken as sent.
    static func canonical(_ body: ByteBuffer) -> Data {
        let data = Data(buffer: body)
        guard !data.isEmpty, let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let sorted = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        else { return data }
        return sorted
    }

    static func response(replaying answer: RememberedAnswer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = answer.contentType
        headers[.location] = answer.location
        headers[.idempotentReplayed] = "true"
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    /// A non-2xx answer that the handler returned rather than threw: the unit of work is
    /// rolled back (so is the claim) and the answer passes on unremembered.
    private struct Unremembered: Error, @unchecked Sendable {
        let response: Response
    }
}

/// Gathers a response body that a handler wrote, so a middleware can look at it and send
/// it on as is.
final class ResponseBodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ part: ByteBuffer) async throws {
        var part = part
        buffer.writeBuffer(&part)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
