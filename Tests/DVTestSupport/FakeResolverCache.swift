import Foundation
import DVDNS

/// The fake resolver's cache, kept as Unbound keeps its own: an answer is served again, its TTLs counting down, until
/// its shortest TTL runs out; NXDOMAIN and NODATA for the SOA's TTL in the authority section (the negative TTL, RFC
/// 2308); SERVFAIL not at all. It is what makes a CA's resolver hold an old value after the zone changed, the case
/// dvtool's `resolver-stale` findings are about. `flush` and `reset` do what `scripts/testnet flush NAME` and
/// `reset` do to Unbound (flush_zone NAME and flush_negative; everything).
enum FakeResolverCache {
    private struct Key: Hashable {
        let name: String
        let type: RecordType
        let dnssecOK: Bool
    }

    private struct Entry {
        let answer: WireAnswer
        let stored: ContinuousClock.Instant
        let lifetime: UInt32
        let name: DNSName
        var isNegative: Bool { answer.rcode == .nxDomain || answer.answer.isEmpty }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var entries: [Key: Entry] = [:]

    /// The cached answer for the question, its TTLs lowered by the time it has been held; else `resolve()`'s, kept.
    static func answer(_ name: DNSName, _ type: RecordType, dnssecOK: Bool, resolve: () -> WireAnswer) -> WireAnswer {
        let key = Key(name: name.description.lowercased(), type: type, dnssecOK: dnssecOK)
        let now = ContinuousClock.now
        if let held = lock.withLock({ entries[key] }) {
            let elapsed = UInt32((now - held.stored).components.seconds)
            if elapsed < held.lifetime { return aged(held.answer, by: elapsed) }
        }
        let fresh = resolve()
        if let lifetime = lifetime(of: fresh), lifetime > 0 {
            lock.withLock { entries[key] = Entry(answer: fresh, stored: now, lifetime: lifetime, name: name) }
        }
        return fresh
    }

    /// `scripts/testnet flush NAME`: every answer at or below NAME or holding a record there (a CNAME chain into the
    /// flushed zone, whose target's records Unbound's flush_zone drops), and every negative answer.
    static func flush(_ name: DNSName) {
        lock.withLock {
            entries = entries.filter { !$0.value.isNegative && !$0.value.name.isSubdomain(of: name)
                && !$0.value.answer.answer.contains { $0.name.isSubdomain(of: name) } }
        }
    }

    /// `scripts/testnet reset` flushes the whole cache.
    static func reset() {
        lock.withLock { entries = [:] }
    }

    /// How long Unbound keeps the answer: the shortest TTL of its records, or the SOA's for a negative answer; nil for
    /// one it does not keep (SERVFAIL, REFUSED, a negative answer without a SOA).
    private static func lifetime(of answer: WireAnswer) -> UInt32? {
        switch answer.rcode {
        case .noError where !answer.answer.isEmpty: answer.answer.map(\.ttl).min()
        case .noError, .nxDomain: answer.authority.first { $0.type == .soa }?.ttl
        default: nil
        }
    }

    private static func aged(_ answer: WireAnswer, by seconds: UInt32) -> WireAnswer {
        var aged = answer
        for keyPath in [\WireAnswer.answer, \.authority] {
            aged[keyPath: keyPath] = answer[keyPath: keyPath].map { $0.withTTL($0.ttl - min($0.ttl, seconds)) }
        }
        return aged
    }
}
