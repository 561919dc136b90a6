import Foundation

/// A validated GeoJSON geometry (RFC 7946) in WGS 84: a point, a line or a polygon.
/// Positions are `[longitude, latitude]`, the order GeoJSON prescribes and the one
/// people most often get backwards, so the ranges are checked for each.
public struct GeoLocation: Sendable, Equatable {
    /// The geometry as canonical JSON, ready to store.
    public let json: String

    /// Bounds on one location: a proposal is listed with its location, and 20 proposals of
    /// 1 MB of GeoJSON each made one list page 60 MB. A street or a square needs far fewer.
    public static let maxBytes = 64 * 1024
    public static let maxPositions = 1000

    /// Parses and checks `data`; the error names the offending part (e.g. `location.coordinates[0][2]`).
    public init(validating data: Data, field: String = "location") throws(ContributionProblem) {
        guard data.count <= Self.maxBytes else {
            throw ContributionProblem(field: field, message: "must be at most \(Self.maxBytes) bytes of GeoJSON (64 KiB); this is \(data.count)")
        }
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw ContributionProblem(field: field, message: "must be a GeoJSON geometry object")
        }
        guard case .string(let type)? = object["type"] else {
            throw ContributionProblem(field: "\(field).type", message: "must be Point, LineString or Polygon")
        }
        let extra = Set(object.keys).subtracting(["type", "coordinates", "bbox"])
        if let key = extra.sorted().first {
            throw ContributionProblem(field: "\(field).\(key)", message: "is not part of a GeoJSON geometry")
        }
        let coordinates = object["coordinates"] ?? .null
        let path = "\(field).coordinates"
        guard Self.positionCount(coordinates) <= Self.maxPositions else {
            throw ContributionProblem(field: path, message: "must have at most \(Self.maxPositions) positions (vertices)")
        }
        switch type {
        case "Point":
            _ = try Self.position(coordinates, at: path)
        case "LineString":
            let line = try Self.positions(coordinates, at: path)
            guard line.count >= 2 else { throw ContributionProblem(field: path, message: "a LineString needs at least 2 positions") }
        case "Polygon":
            guard case .array(let rings) = coordinates, !rings.isEmpty else {
                throw ContributionProblem(field: path, message: "a Polygon needs at least one linear ring")
            }
            for (index, ring) in rings.enumerated() {
                let ringPath = "\(path)[\(index)]"
                let positions = try Self.positions(ring, at: ringPath)
                guard positions.count >= 4 else {
                    throw ContributionProblem(field: ringPath, message: "a linear ring needs at least 4 positions")
                }
                guard positions.first == positions.last else {
                    throw ContributionProblem(field: ringPath, message: "a linear ring must end where it starts (closed)")
                }
            }
        default:
            throw ContributionProblem(field: "\(field).type", message: "must be Point, LineString or Polygon, not \(type)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let canonical = try? encoder.encode(JSONValue.object(["type": .string(type), "coordinates": coordinates]))
        json = canonical.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Trusted JSON read back from the database.
    public init(stored json: String) { self.json = json }

    /// Positions are the innermost arrays; nested arrays of anything else count as none.
    private static func positionCount(_ value: JSONValue) -> Int {
        guard case .array(let elements) = value else { return 0 }
        if case .number? = elements.first { return 1 }
        return elements.reduce(0) { $0 + positionCount($1) }
    }

    private struct Position: Equatable { var longitude: Double; var latitude: Double }

    private static func positions(_ value: JSONValue, at path: String) throws(ContributionProblem) -> [Position] {
        guard case .array(let list) = value else { throw ContributionProblem(field: path, message: "must be an array of positions") }
        var result: [Position] = []
        for (index, element) in list.enumerated() { result.append(try position(element, at: "\(path)[\(index)]")) }
        return result
    }

    private static func position(_ value: JSONValue, at path: String) throws(ContributionProblem) -> Position {
        guard case .array(let pair) = value, (2...3).contains(pair.count),
            case .number(let longitude) = pair[0], case .number(let latitude) = pair[1],
            longitude.isFinite, latitude.isFinite
        else {
            throw ContributionProblem(field: path, message: "must be a position [longitude, latitude]")
        }
        guard (-180...180).contains(longitude) else {
            throw ContributionProblem(field: path, message: "longitude \(longitude) is outside -180…180")
        }
        guard (-90...90).contains(latitude) else {
            throw ContributionProblem(field: path, message: "latitude \(latitude) is outside -90…90")
        }
        return Position(longitude: longitude, latitude: latitude)
    }
}

/// Just enough JSON to walk a geometry without Foundation's untyped dictionaries (which
/// cannot tell `true` from `1` on every platform).
indirect enum JSONValue: Codable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
