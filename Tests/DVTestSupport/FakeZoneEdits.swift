import Foundation
import DVDNS

/// The fake world's `scripts/testnet set-record / add-record / delete-record / reset`: edits kept per NSD
/// instance and applied by every `FakeAuthority` serving that instance's zones, each edit bumping the zone's SOA
/// serial as the script's `ldns-read-zone -S +1` does. An instance is known by the set of zones it serves (read
/// from zones/INSTANCE/, as `FakeWorld` reads it), so edits made before the world starts apply once it does.
enum FakeZoneEdits {
    /// An edit the fake world or scripts/testnet refused.
    struct Refused: Error, CustomStringConvertible {
        let description: String
    }

    enum Mode: String {
        case set, add, delete
    }

    struct Edit {
        let mode: Mode
        let zone: DNSName
        let owner: DNSName
        let type: RecordType
        /// The record to add, or (for delete) the single record to remove; nil deletes the whole RRset.
        let record: ResourceRecord?
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var edits: [Set<DNSName>: [Edit]] = [:]
    /// Counts every edit and reset, so a store recomputes its zones only after one.
    nonisolated(unsafe) private static var generation = 0

    /// `scripts/testnet set-record|add-record|delete-record|reset ARGUMENTS`, on the fake world.
    static func apply(_ arguments: [String]) throws {
        guard let command = arguments.first else { throw Refused(description: "no testnet command") }
        if command == "reset" {
            lock.withLock { edits = [:]; generation += 1 }
            return
        }
        guard command.hasSuffix("-record"), let mode = Mode(rawValue: String(command.dropLast("-record".count))) else {
            throw Refused(description: "the fake world has no testnet \(command)")
        }
        var rest = Array(arguments.dropFirst())
        var ttl = try defaultTTL()
        if rest.first == "--ttl", rest.count > 1, let given = UInt32(rest[1]) {
            ttl = given
            rest.removeFirst(2)
        }
        guard rest.count >= (mode == .delete ? 4 : 5) else { throw Refused(description: "usage: \(command) INSTANCE ZONE OWNER TYPE RDATA...") }
        let instance = rest[0]
        let zone = try DNSName(rest[1].hasSuffix(".") ? rest[1] : rest[1] + ".")
        let owner = try ownerName(rest[2], zone: zone)
        let data = rest.dropFirst(4).joined(separator: " ")
        let apexes = try servedZones(instance)
        guard apexes.contains(zone) else { throw Refused(description: "\(instance) does not serve zone \(zone)") }
        guard owner.isSubdomain(of: zone) else { throw Refused(description: "owner \(owner) is not inside zone \(zone)") }
        let record = try data.isEmpty ? nil : DNSSECCrypto.parseRecord("\(owner) \(ttl) IN \(rest[3].uppercased()) \(data)")
        guard let type = record?.type ?? RecordType(mnemonic: rest[3].uppercased()), type != .soa else {
            throw Refused(description: "cannot edit \(rest[3]) records")
        }
        lock.withLock {
            edits[apexes, default: []].append(Edit(mode: mode, zone: zone, owner: owner, type: type, record: record))
            generation += 1
        }
    }

    /// The edits for the instance serving `apexes`, and the generation they belong to.
    static func current(for apexes: Set<DNSName>) -> (generation: Int, edits: [Edit]) {
        lock.withLock { (generation, edits[apexes] ?? []) }
    }

    /// The zones of zones/INSTANCE/.
    private static func servedZones(_ instance: String) throws -> Set<DNSName> {
        let directory = CLI.packageRoot.appendingPathComponent("zones/\(instance)").path
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw Refused(description: "no instance \(instance) (no \(directory))")
        }
        return Set(try files.filter { $0.hasSuffix(".zone") }.map { file in
            file == "root.zone" ? DNSName.root : try DNSName(String(file.dropLast(".zone".count)) + ".")
        })
    }

    /// scripts/testnet's `owner_fqdn`: "@", absolute, or relative to the zone.
    private static func ownerName(_ owner: String, zone: DNSName) throws -> DNSName {
        if owner == "@" { return zone }
        if owner.hasSuffix(".") { return try DNSName(owner.lowercased()) }
        return try DNSName(zone.isRoot ? owner.lowercased() + "." : owner.lowercased() + "." + zone.description)
    }

    /// The script's `DEFAULT_TTL`, the TTL of an edit without `--ttl`.
    private static func defaultTTL() throws -> UInt32 {
        let script = try String(contentsOf: CLI.packageRoot.appendingPathComponent("scripts/testnet"), encoding: .utf8)
        guard let line = script.split(separator: "\n").first(where: { $0.hasPrefix("DEFAULT_TTL=") }),
              let ttl = UInt32(line.dropFirst("DEFAULT_TTL=".count)) else {
            throw Refused(description: "scripts/testnet has no DEFAULT_TTL= line")
        }
        return ttl
    }
}

/// The zones one `FakeAuthority` serves: the files' records with the instance's edits applied, recomputed after
/// each edit, read under a lock by the server threads.
final class FakeZoneStore: @unchecked Sendable {
    private let original: [FakeZone]
    private let apexes: Set<DNSName>
    private let lock = NSLock()
    private var cached: (generation: Int, zones: [FakeZone])

    init(_ zones: [FakeZone]) {
        original = zones
        apexes = Set(zones.map(\.apex))
        cached = (-1, zones)
    }

    var zones: [FakeZone] {
        lock.withLock {
            let (generation, edits) = FakeZoneEdits.current(for: apexes)
            if generation != cached.generation {
                cached = (generation, original.map { zone in
                    let mine = edits.filter { $0.zone == zone.apex }
                    return mine.isEmpty ? zone : mine.reduce(zone, Self.applying)
                })
            }
            return cached.zones
        }
    }

    /// The zone after one edit, its SOA serial one higher.
    private static func applying(_ zone: FakeZone, _ edit: FakeZoneEdits.Edit) -> FakeZone {
        var records = zone.records.values.flatMap { $0 }
        let inRRset = { (record: ResourceRecord) in record.name == edit.owner && record.type == edit.type }
        switch edit.mode {
        case .set:
            records.removeAll(where: inRRset)
        case .add:
            records.removeAll { inRRset($0) && $0.data == edit.record?.data }
        case .delete:
            records.removeAll { inRRset($0) && (edit.record == nil || $0.data == edit.record?.data) }
        }
        if edit.mode != .delete, let record = edit.record { records.append(record) }
        if let index = records.firstIndex(where: { $0.type == .soa && $0.name == zone.apex }), let soa = records[index].soa {
            var next = records[index]
            next.data = .soa(SOARecord(primaryServer: soa.primaryServer, responsibleMailbox: soa.responsibleMailbox,
                                      serial: soa.serial &+ 1, refresh: soa.refresh, retry: soa.retry,
                                      expire: soa.expire, minimum: soa.minimum))
            // The wire form is what answers carry: parsed again from the new presentation.
            records[index] = (try? DNSSECCrypto.parseRecord(next.description)) ?? next
        }
        return FakeZone(apex: zone.apex, records: records)
    }
}

extension FakeAuthority {
    init(zones: [FakeZone]) {
        self.init(store: FakeZoneStore(zones))
    }
}
