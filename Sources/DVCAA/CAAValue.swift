import DVBasics

/// The value of an `issue`/`issuewild` property (RFC 8659 section 4.2), parsed as Boulder does.
struct CAAIssueValue: Equatable {
    /// Empty when the value authorizes nobody (`;` or empty).
    var issuerDomain: String
    var parameters: [String: String]

    /// Nil when the value is malformed; such a record is skipped (it authorizes nobody).
    init?(_ text: String) {
        let parts = text.split(separator: ";", omittingEmptySubsequences: false).map {
            $0.trimming(" \t")
        }
        // Kept as written: Let's Encrypt compares it exactly, so the checker flags capitals rather than folding them.
        issuerDomain = parts[0]
        if !issuerDomain.isEmpty {
            let allowed = issuerDomain.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "."
            }
            guard allowed, !issuerDomain.hasPrefix("."), !issuerDomain.hasSuffix(".") else { return nil }
        }
        parameters = [:]
        let parameterParts = Array(parts.dropFirst())
        // "issuer;" (no parameters) is well formed; an empty parameter anywhere else ("a;;b", "a; ;b") is not.
        if parameterParts.count > 1 || parameterParts.first?.isEmpty == false, parameterParts.contains(where: \.isEmpty) {
            return nil
        }
        for part in parameterParts where !part.isEmpty {
            guard let equals = part.firstIndex(of: "=") else { return nil }
            let tag = String(part[..<equals]).trimming(" \t")
            let value = String(part[part.index(after: equals)...]).trimming(" \t")
            let tagOK = !tag.isEmpty && tag.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit || ("g"..."z").contains($0) || ("G"..."Z").contains($0) }
            let valueOK = value.unicodeScalars.allSatisfy { $0.value >= 0x21 && $0.value <= 0x7E && $0 != ";" }
            // A repeated parameter makes the record match nothing.
            guard tagOK, valueOK, parameters[tag.lowercased()] == nil else { return nil }
            parameters[tag.lowercased()] = value
        }
    }
}
