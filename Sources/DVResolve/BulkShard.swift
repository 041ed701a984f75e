import DVBasics
import DVCrypto

/// `--shard I/N`: which names of a bulk input this run checks, so that N runs on N machines split one list
/// between them. Every run reads the whole input and keeps a name iff the first 8 bytes of SHA-256 of its
/// normalised form (A-labels, lower case, no trailing dot), read big-endian, are I modulo N. The rule is the
/// same in every process, on every machine and in every release (Swift's `Hasher` is seeded per process), so
/// a failed shard rerun alone checks exactly its names again, and `Example.COM.` lands with `example.com`.
public struct BulkShard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The whole input: no hashing at all.
    public static let whole = BulkShard(checkedIndex: 0, count: 1)

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// `I/N` with 0 <= I < N; N is given, never derived (a resubmitted Slurm array task sees a count of 1).
    public init(parsing text: String) throws(Invalid) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw Invalid(description: "\"\(text)\" is not I/N (e.g. 3/16: the fourth of 16 shards, counting from 0)")
        }
        guard (1...1_000_000).contains(count) else { throw Invalid(description: "the shard count \(count) must be between 1 and 1000000") }
        guard (0..<count).contains(index) else {
            throw Invalid(description: "shard \(index) of \(count) does not exist: shards count from 0 to \(count - 1)")
        }
        self.init(checkedIndex: index, count: count)
    }

    private init(checkedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    /// Whether the name whose normalised form is `key` (see `key(ofUnparsed:)` for lines that are no name) is this shard's.
    public func holds(key: String) throws(CryptoError) -> Bool {
        guard count > 1 else { return true }
        return try Self.bucket(of: key, among: count) == index
    }

    /// The shard of `key` among `count`: the rule above, also reproducible outside dvtool with one line of Python
    /// (`int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % count`).
    public static func bucket(of key: String, among count: Int) throws(CryptoError) -> Int {
        let digest = try Digest.sha256(key.utf8)
        let prefix = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(prefix % UInt64(count))
    }

    /// A line that is not a name still belongs to exactly one shard, so that its error is reported once: its text
    /// trimmed, in lower case, without one trailing dot.
    public static func key(ofUnparsed input: String) -> String {
        var key = input.trimmingWhitespace().lowercased()
        if key.count > 1, key.hasSuffix(".") { key.removeLast() }
        return key
    }
}
