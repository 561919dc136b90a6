import Foundation
import MitredenDomain
import NIOCore
import PostgresNIO

// Typed ids are bound and read as PostgreSQL `uuid`s, alone and in arrays (`= ANY(…)`).

extension Identifier: PostgresNonThrowingEncodable, PostgresEncodable {
    public static var psqlType: PostgresDataType { UUID.psqlType }
    public static var psqlFormat: PostgresFormat { UUID.psqlFormat }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        uuid.encode(into: &byteBuffer, context: context)
    }
}

extension Identifier: PostgresDecodable {
    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        self.init(try UUID(from: &buffer, type: type, format: format, context: context))
    }
}

extension Identifier: PostgresArrayEncodable {
    public static var psqlArrayType: PostgresDataType { UUID.psqlArrayType }
}

extension Identifier: PostgresArrayDecodable {}
