import DVExplain
import Foundation
import Testing

/// `Sources/DVExplain/MessageTable.json` itself: one object per message with exactly the table's keys, decodable,
/// the same table the program embeds, ordered by role so that table order is the order the reader ranks them in.
@Suite("Message table (JSON)")
struct MessageTableTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/DVExplain/MessageTable.json").standardizedFileURL
    static let keys: Set<String> = ["id", "issuer", "role", "anchors", "regex", "meaning", "causes", "check", "source", "sample"]

    @Test func everyEntryHasExactlyTheTableKeys() throws {
        let data = try Data(contentsOf: Self.file)
        let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(entries.count == MessagePattern.all.count, "the program embeds this file")
        for entry in entries {
            let id = entry["id"] as? String ?? "?"
            #expect(Set(entry.keys) == Self.keys, "\(id): keys \(entry.keys.sorted())")
            for cause in entry["causes"] as? [[String: Any]] ?? [] {
                #expect(Set(cause.keys) == ["text", "confirmedBy"], "\(id): a cause with keys \(cause.keys.sorted())")
            }
        }
        let decoded = try MessagePattern.decodeTable(data)
        #expect(decoded.map(\.id) == MessagePattern.all.map(\.id))
        #expect(decoded.map(\.regex) == MessagePattern.all.map(\.regex))
    }

    @Test func theTableIsOrderedByRole() {
        let roles = MessagePattern.all.map(\.role)
        #expect(roles == roles.sorted(), "CA messages first, then clients' own checks, then hints")
    }

    @Test func aBrokenTableIsRefused() {
        #expect(throws: (any Error).self) { try MessagePattern.decodeTable(Data(#"[{"id": "x"}]"#.utf8)) }
        #expect(throws: (any Error).self) {
            try MessagePattern.decodeTable(Data(#"[{"id":"x","issuer":"i","role":"oracle","anchors":[],"regex":"r","meaning":"m","causes":[],"check":[],"source":"s","sample":"s"}]"#.utf8))
        }
    }
}
