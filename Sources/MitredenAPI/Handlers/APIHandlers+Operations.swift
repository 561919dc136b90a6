import Foundation
import MitredenOpenAPI
import MitredenStore
import OpenAPIRuntime

/// Liveness, readiness, metrics and the API document.
extension APIHandlers {
    func getLiveness(_ input: Operations.GetLiveness.Input) async throws -> Operations.GetLiveness.Output {
        .ok(.init(body: .json(.init(status: .ok))))
    }

    func getReadiness(_ input: Operations.GetReadiness.Input) async throws -> Operations.GetReadiness.Output {
        switch await readiness.run() {
        case .ready(let ready):
            let replica = ready.replica.map { status in
                Components.Schemas.ReplicaStatus(
                    state: .init(rawValue: status.state.rawValue) ?? .unreachable, lagSeconds: status.lagSeconds,
                    maxLagSeconds: readiness.replica.map { ReplicaPool.seconds($0.maxLag) } ?? 0)
            }
            return .ok(
                .init(
                    body: .json(
                        .init(
                            status: .ok, schemaVersion: ready.schemaVersion, buildSchemaVersion: ready.buildSchemaVersion,
                            replica: replica))))
        case .notReady(let reason):
            return .serviceUnavailable(
                .init(
                    body: .applicationProblemJson(
                        .init(
                            _type: "https://mitreden.org/problems/not-ready",
                            title: "Not ready",
                            status: 503,
                            detail: reason,
                            instance: "urn:request:\(RequestScope.current.requestID)"
                        ))))
        }
    }

    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        // Served on its own address: here it is as unknown as any other path.
        guard metricsOnMainPort else { throw APIError.notFound("no such resource") }
        return .ok(.init(body: .plainText(HTTPBody(await metrics.exposition()))))
    }

    func getOpenAPIDocument(_ input: Operations.GetOpenAPIDocument.Input) async throws -> Operations.GetOpenAPIDocument.Output {
        .ok(.init(body: .yaml(HTTPBody(EmbeddedOpenAPIDocument.files[0].contents))))
    }
}
