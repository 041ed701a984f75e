import Foundation
import DVDNS

/// The records of one file under zones/, read the way the world's NSD reads it, for the fake world.
///
/// The world's zone files keep to a small subset of the format, which is all this reads: `$ORIGIN`, `$TTL`, one
/// record a line, an explicit owner (`@`, relative or absolute), absolute names inside the data. ldns parses each
/// record once the owner is absolute.
enum ZoneFile {
    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    static func records(path: String) throws -> [ResourceRecord] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var origin = DNSName.root
        var defaultTTL = "3600"
        var records: [ResourceRecord] = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = withoutComment(rawLine)
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard let first = fields.first else { continue }
            if first == "$ORIGIN", fields.count == 2 {
                origin = try DNSName(String(fields[1]))
                continue
            }
            if first == "$TTL", fields.count == 2 {
                defaultTTL = String(fields[1])
                continue
            }
            guard !line.first!.isWhitespace else {
                throw Unreadable(description: "\(path):\(number + 1): a record without an owner is not read here")
            }
            let owner = try absolute(String(first), origin: origin)
            // The data keeps its own spacing (inside quotes it matters); only the owner and a missing TTL change.
            let afterOwner = line.drop { !$0.isWhitespace }.drop(while: \.isWhitespace)
            let secondEnd = afterOwner.firstIndex(where: \.isWhitespace) ?? afterOwner.endIndex
            let (ttl, data) = UInt32(afterOwner[..<secondEnd]) != nil
                ? (String(afterOwner[..<secondEnd]), afterOwner[secondEnd...]) : (defaultTTL, afterOwner)
            do {
                records.append(try DNSSECCrypto.parseRecord("\(owner) \(ttl) \(data)"))
            } catch {
                throw Unreadable(description: "\(path):\(number + 1): \(error.reason)")
            }
        }
        return records
    }

    private static func absolute(_ owner: String, origin: DNSName) throws -> DNSName {
        if owner == "@" { return origin }
        if owner.hasSuffix(".") { return try DNSName(owner) }
        return try DNSName(origin.isRoot ? owner + "." : owner + "." + origin.description)
    }

    /// The line up to a `;` outside quotes.
    private static func withoutComment(_ line: Substring) -> Substring {
        var quoted = false
        var escaped = false
        for index in line.indices {
            let character = line[index]
            if escaped { escaped = false; continue }
            if character == "\\" { escaped = true } else if character == "\"" { quoted.toggle() }
            else if character == ";", !quoted { return line[..<index] }
        }
        return line
    }
}
