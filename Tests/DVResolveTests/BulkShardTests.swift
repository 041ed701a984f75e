import DVDNS
import Testing
import DVResolve

/// `--shard I/N`: the rule must be the same everywhere and forever, split every input into disjoint parts that
/// cover it, and put spellings of one name together.
@Suite("resolve: bulk shards")
struct BulkShardTests {
    /// Computed outside dvtool: `int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % n` in Python.
    @Test(arguments: [("host0.zone0.com", 16, 0), ("www.example.test", 3, 0), ("xn--fsqu00a.xn--0zwm56d", 16, 7),
                      ("example.com", 7, 5), ("bad..name", 16, 6)])
    func bucketIsSHA256OfTheKeyModuloN(_ key: String, _ count: Int, _ expected: Int) throws {
        #expect(try BulkShard.bucket(of: key, among: count) == expected)
    }

    @Test func spellingsOfOneNameShareAShard() throws {
        let spellings = ["www.example.test", "WWW.Example.TEST.", "  www.example.test.  "]
        let keys = try spellings.map { text throws in try DomainInput(parsing: text).ascii }
        #expect(Set(keys) == ["www.example.test"])
        let unicode = try DomainInput(parsing: "例子.测试").ascii
        #expect(unicode == "xn--fsqu00a.xn--0zwm56d")
        #expect(BulkShard.key(ofUnparsed: " Bad..Name. ") == "bad..name")
    }

    @Test(arguments: [1, 2, 3, 7, 16, 64])
    func shardsAreDisjointAndCoverTheInput(_ count: Int) throws {
        let keys = (0..<5_000).map { "host\($0).zone\($0 % 97).example" }
        var owners: [String: Int] = [:]
        for index in 0..<count {
            let shard = try BulkShard(parsing: "\(index)/\(count)")
            for key in keys where try shard.holds(key: key) {
                #expect(owners.updateValue(index, forKey: key) == nil, "\(key) in two shards")
            }
        }
        #expect(owners.count == keys.count)
        // A fair split of similar names: no shard more than 15 % off the mean (FNV-1a mod N is not).
        let sizes = Dictionary(grouping: owners.values, by: { $0 }).values.map(\.count)
        let mean = Double(keys.count) / Double(count)
        #expect(sizes.count == count)
        #expect(sizes.allSatisfy { abs(Double($0) - mean) <= max(0.15 * mean, 30) }, "\(sizes.sorted())")
    }

    @Test(arguments: [("3", "is not I/N"), ("a/16", "is not I/N"), ("16/16", "shard 16 of 16 does not exist"),
                      ("-1/4", "shard -1 of 4 does not exist"), ("0/0", "between 1 and"), ("1/2/3", "is not I/N")])
    func badShardSaysWhatIsWrong(_ text: String, _ mentioned: String) {
        #expect(throws: BulkShard.Invalid.self) { try BulkShard(parsing: text) }
        do { _ = try BulkShard(parsing: text) } catch { #expect(error.description.contains(mentioned), "\(error)") }
    }

    @Test func wholeInputNeedsNoDigest() throws {
        #expect(try BulkShard(parsing: "0/1") == .whole)
        #expect(try BulkShard.whole.holds(key: "anything"))
    }
}
