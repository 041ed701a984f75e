// The token store: format, versions, conflicts, staleness, atomic writes and the serve lookup.
import Foundation
import Testing
import DVToken

struct TokenStoreTests {
    static let created = Date(timeIntervalSince1970: 1_700_000_000)

    static func fileToken(_ domain: String = "example.com", body: String = "v1", created: Date = created) -> StoredToken {
        StoredToken(domain: domain, method: .httpFile, ca: "digicert", value: body,
                    path: "/.well-known/pki-validation/fileauth.txt", body: body, created: created)
    }

    @Test func roundTripAndFormat() throws {
        let directory = try Fixtures.temporaryDirectory()
        let path = directory + "/nested/tokens.json"
        let store = TokenStore(tokens: [Self.fileToken(),
                                        StoredToken(domain: "example.com", method: .dnsTXT, ca: "digicert", value: "v1",
                                                    record: "example.com.", created: Self.created)])
        try store.save(path: path)
        #expect(try TokenStore.load(path: path) == store)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(#""format" : "dvtool-token-store""#))
        #expect(text.contains(#""version" : 1"#))
        #expect(text.contains(#""created" : "2023-11-14T22:13:20Z""#))
        #expect(text.contains(#""path" : "/.well-known/pki-validation/fileauth.txt""#))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/nested") == ["tokens.json"])
    }

    @Test func missingAndBadStores() throws {
        let directory = try Fixtures.temporaryDirectory()
        #expect(throws: TokenError(.storeMissing, "")) { try TokenStore.load(path: directory + "/none.json") }
        #expect(try TokenStore.loadIfPresent(path: directory + "/none.json").tokens.isEmpty)
        let cases = ["not json", #"{"version": 2, "tokens": []}"#, #"{"format": "other", "version": 1, "tokens": []}"#,
                     #"{"version": 1, "tokens": [{"domain": "x"}]}"#, "[]"]
        for (index, text) in cases.enumerated() {
            let path = directory + "/bad\(index).json"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(throws: TokenError(.storeUnreadable, ""), "\(text)") { try TokenStore.load(path: path) }
        }
        do {
            _ = try TokenStore.load(path: directory + "/bad1.json")
        } catch {
            #expect(error.description.contains("version 2"))
        }
    }

    @Test func insertNeedsReplaceForADifferentValue() throws {
        var store = TokenStore()
        #expect(try store.insert(Self.fileToken(), replace: false) == nil)
        // The same value again keeps the original entry (and its age).
        #expect(try store.insert(Self.fileToken(created: Date()), replace: false) == nil)
        #expect(store.tokens.count == 1 && store.tokens[0].created == Self.created)
        #expect(throws: TokenError(.exists, "")) { try store.insert(Self.fileToken(body: "v2"), replace: false) }
        #expect(try store.insert(Self.fileToken(body: "v2"), replace: true)?.body == "v1")
        #expect(store.tokens.count == 1 && store.tokens[0].body == "v2")
        // Another domain or method is another slot.
        try store.insert(Self.fileToken("www.example.com"), replace: false)
        #expect(store.tokens.count == 2)
        #expect(store.remove(domain: "WWW.example.com") == 1)
    }

    @Test func staleness() {
        let now = Self.created.addingTimeInterval(31 * 86_400)
        #expect(Self.fileToken().isStale(at: now))
        #expect(!Self.fileToken().isStale(at: Self.created.addingTimeInterval(29 * 86_400)))
        #expect(Int(Self.fileToken().age(at: now) / 86_400) == 31)
        // A dns-persist-01 record is published once and kept: no age makes it stale.
        let persist = StoredToken(domain: "example.com", method: .dnsPersist, ca: "Let's Encrypt", value: "letsencrypt.org; accounturi=u",
                                  record: "_validation-persist.example.com.", created: Self.created)
        #expect(!persist.isStale(at: Self.created.addingTimeInterval(400 * 86_400)))
    }

    @Test func serveLookup() {
        let store = TokenStore(tokens: [Self.fileToken(),
                                        StoredToken(domain: "example.com", method: .dnsTXT, ca: "x", value: "v", record: "example.com.", created: Self.created)])
        #expect(store.file(host: "EXAMPLE.com.", path: "/.well-known/pki-validation/fileauth.txt")?.body == "v1")
        #expect(store.file(host: "www.example.com", path: "/.well-known/pki-validation/fileauth.txt") == nil)
        #expect(store.file(host: "example.com", path: "/") == nil)
    }

    @Test func defaultPath() {
        #expect(TokenStore.defaultPath(environment: ["DVTOOL_TOKEN_STORE": "/x/t.json", "HOME": "/h"]) == "/x/t.json")
        #expect(TokenStore.defaultPath(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/dvtool/tokens.json")
        #expect(TokenStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/dvtool/tokens.json")
    }

    @Test func updateKeepsConcurrentWriters() async throws {
        let path = try Fixtures.temporaryDirectory() + "/tokens.json"
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<16 {
                group.addTask {
                    try? TokenStore.update(path: path) { (store: inout TokenStore) throws(TokenError) in
                        try store.insert(Self.fileToken("host\(index).example.com"), replace: false)
                    }
                }
            }
        }
        #expect(try TokenStore.load(path: path).tokens.count == 16)
    }

    @Test func atomicWriteRefusesToOverwrite() throws {
        let path = try Fixtures.temporaryDirectory() + "/www/.well-known/pki-validation/fileauth.txt"
        #expect(try AtomicFile.write(Array("one".utf8), to: path, overwrite: false) == .created)
        #expect(try AtomicFile.write(Array("one".utf8), to: path, overwrite: false) == .unchanged)
        #expect(throws: TokenError(.exists, "")) { try AtomicFile.write(Array("two".utf8), to: path, overwrite: false) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one")
        #expect(try AtomicFile.write(Array("two".utf8), to: path, overwrite: true) == .replaced)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
        let directory = (path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["fileauth.txt"])
        #expect(throws: TokenError(.writeFailed, "")) { try AtomicFile.write([], to: "/proc/dvtool-test/x", overwrite: true) }
    }
}
