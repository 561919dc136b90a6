import Foundation
import MitredenDomain
import Testing

@Suite struct GeoLocationTests {
    func problem(_ json: String) -> ContributionProblem? {
        do throws(ContributionProblem) {
            _ = try GeoLocation(validating: Data(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func pointsLinesAndClosedPolygonsAreAccepted() throws {
        #expect(problem(#"{"type":"Point","coordinates":[9.99,53.55]}"#) == nil)
        #expect(problem(#"{"type":"LineString","coordinates":[[9.99,53.55],[10.0,53.56]]}"#) == nil)
        #expect(problem(#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#) == nil)
        let stored = try GeoLocation(validating: Data(#"{"coordinates":[1,2],"type":"Point"}"#.utf8))
        #expect(stored.json == #"{"coordinates":[1,2],"type":"Point"}"#)
    }

    @Test func eachMistakeNamesWhereItIs() {
        #expect(problem(#"[1,2]"#)?.field == "location")
        #expect(problem(#"{"type":"MultiPoint","coordinates":[[1,2]]}"#)?.field == "location.type")
        #expect(problem(#"{"type":"Point","coordinates":[1,2],"crs":"x"}"#)?.field == "location.crs")
        #expect(problem(#"{"type":"Point","coordinates":[181,2]}"#)?.message.contains("longitude") == true)
        #expect(problem(#"{"type":"Point","coordinates":[9.9,-91]}"#)?.message.contains("latitude") == true)
        #expect(problem(#"{"type":"Point","coordinates":[true,false]}"#)?.field == "location.coordinates")
        #expect(problem(#"{"type":"Point","coordinates":["9.9","53"]}"#)?.field == "location.coordinates")
        #expect(problem(#"{"type":"LineString","coordinates":[[1,2]]}"#)?.field == "location.coordinates")
        #expect(problem(#"{"type":"LineString","coordinates":[[1,2],[3]]}"#)?.field == "location.coordinates[1]")
        #expect(problem(#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#)?.message.contains("closed") == true)
        #expect(problem(#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#)?.field == "location.coordinates[0]")
        #expect(problem(#"{"type":"Polygon","coordinates":[]}"#)?.field == "location.coordinates")
    }

    @Test func flagsNeedANoteWhenTheReasonIsOther() {
        #expect(ContributionRules.flagProblems(reason: .other, note: "  ").map(\.field) == ["note"])
        #expect(ContributionRules.flagProblems(reason: .other, note: "Werbung").isEmpty)
        #expect(ContributionRules.flagProblems(reason: .duplicate, note: nil).map(\.field) == ["reason"])
    }
}
