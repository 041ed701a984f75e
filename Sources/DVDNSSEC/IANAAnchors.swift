/// IANA's root-anchors.xml (RFC 7958, RFC 9718): a `<TrustAnchor>` with its `<Zone>` and one `<KeyDigest
/// validFrom="…" validUntil="…">` per key, holding `<KeyTag>`, `<Algorithm>`, `<DigestType>` and `<Digest>`.
/// Each becomes a DS record; one outside its validity at the moment checked is set aside, as RFC 7958 §3 says.
/// The format is fixed and flat, so a few string searches read it (no XML library in the dependency tree).
enum IANAAnchors {
    static func entries(in text: String, at moment: ValidationMoment) throws(AnchorSyntaxError) -> [AnchorEntry] {
        let document = withoutComments(text)
        guard document.firstRange(of: "<TrustAnchor") != nil else {
            throw AnchorSyntaxError(line: nil, reason: "no <TrustAnchor> element")
        }
        guard let zone = element("Zone", in: Substring(document))?.body.filter({ !$0.isWhitespace }), !zone.isEmpty else {
            throw AnchorSyntaxError(line: nil, reason: "no <Zone> element")
        }
        let owner = zone.hasSuffix(".") ? zone : zone + "."
        var entries: [AnchorEntry] = []
        var rest = Substring(document)
        while let digest = element("KeyDigest", in: rest) {
            rest = document[digest.end...]
            let line = document[..<digest.start].filter(\.isNewline).count + 1
            var fields: [String] = []
            for name in ["KeyTag", "Algorithm", "DigestType", "Digest"] {
                guard let value = element(name, in: digest.body)?.body.filter({ !$0.isWhitespace }), !value.isEmpty else {
                    throw AnchorSyntaxError(line: line, reason: "the <KeyDigest> has no <\(name)>")
                }
                fields.append(value)
            }
            let setAside = try validity(digest.attributes, at: moment, line: line)
            entries.append(AnchorEntry(presentation: "\(owner) IN DS \(fields.joined(separator: " "))", line: line, setAside: setAside))
        }
        return entries
    }

    /// Why a digest does not apply at `moment` (validFrom is required, validUntil optional), or nil.
    private static func validity(_ attributes: Substring, at moment: ValidationMoment, line: Int) throws(AnchorSyntaxError) -> String? {
        guard let fromText = attribute("validFrom", in: attributes) else {
            throw AnchorSyntaxError(line: line, reason: "the <KeyDigest> has no validFrom")
        }
        guard let from = dateTime(fromText) else {
            throw AnchorSyntaxError(line: line, reason: "validFrom \"\(fromText)\" is not an xsd:dateTime")
        }
        if moment.secondsSince1970 < from.secondsSince1970 { return "is not valid before \(from) (validFrom)" }
        guard let untilText = attribute("validUntil", in: attributes) else { return nil }
        guard let until = dateTime(untilText) else {
            throw AnchorSyntaxError(line: line, reason: "validUntil \"\(untilText)\" is not an xsd:dateTime")
        }
        return moment.secondsSince1970 >= until.secondsSince1970 ? "expired on \(until) (validUntil)" : nil
    }

    /// An xsd:dateTime: `2017-02-02T00:00:00+00:00`, `…Z`, fractional seconds allowed, no offset read as UTC.
    static func dateTime(_ text: String) -> ValidationMoment? {
        let stamp = text.prefix(19)
        guard stamp.count == 19, stamp.first?.isNumber == true, let utc = ValidationMoment(parsing: String(stamp) + "Z") else { return nil }
        var zone = text.dropFirst(19)
        if zone.first == "." { zone = zone.drop { $0 == "." || $0.isNumber } }
        if zone.isEmpty || zone == "Z" { return utc }
        let offset = zone.dropFirst().split(separator: ":").compactMap { Int64($0) }
        guard let sign = zone.first, sign == "+" || sign == "-", zone.count == 6, offset.count == 2,
              offset[0] < 24, offset[1] < 60 else { return nil }
        let seconds = (offset[0] * 3600 + offset[1] * 60) * (sign == "+" ? 1 : -1)
        return ValidationMoment(secondsSince1970: utc.secondsSince1970 - seconds)
    }

    private struct Element {
        var attributes: Substring
        var body: Substring
        var start: String.Index
        var end: String.Index
    }

    /// The first `<name …>body</name>` in `text`.
    private static func element(_ name: String, in text: Substring) -> Element? {
        var search = text[...]
        while let open = search.firstRange(of: "<" + name) {
            let afterName = open.upperBound
            guard afterName < search.endIndex else { return nil }
            // `<KeyDigest` must not match `<KeyDigestX`.
            guard search[afterName] == ">" || search[afterName].isWhitespace,
                  let close = search[afterName...].firstIndex(of: ">") else {
                search = search[afterName...]
                continue
            }
            let bodyStart = search.index(after: close)
            guard let closing = search[bodyStart...].firstRange(of: "</" + name + ">") else { return nil }
            return Element(attributes: search[afterName..<close], body: search[bodyStart..<closing.lowerBound],
                           start: open.lowerBound, end: closing.upperBound)
        }
        return nil
    }

    /// The value of `name="…"` (or single quotes) among an element's attributes.
    private static func attribute(_ name: String, in attributes: Substring) -> String? {
        var search = attributes
        while let found = search.firstRange(of: name) {
            search = search[found.upperBound...]
            let before = found.lowerBound == attributes.startIndex ? " " : attributes[attributes.index(before: found.lowerBound)]
            let rest = search.drop { $0.isWhitespace }
            guard before.isWhitespace, rest.first == "=" else { continue }
            let value = rest.dropFirst().drop { $0.isWhitespace }
            guard let quote = value.first, quote == "\"" || quote == "'",
                  let end = value.dropFirst().firstIndex(of: quote) else { return nil }
            return String(value[value.index(after: value.startIndex)..<end])
        }
        return nil
    }

    private static func withoutComments(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: "<!--") {
            result += rest[..<open.lowerBound]
            // Keep the comment's line breaks, so that line numbers stay those of the file.
            guard let close = rest[open.upperBound...].firstRange(of: "-->") else { return result }
            result += String(rest[open.lowerBound..<close.upperBound].filter(\.isNewline))
            rest = rest[close.upperBound...]
        }
        return result + rest
    }
}
