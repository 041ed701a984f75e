import DVMethod

/// A check template from the message table, filled with what the message and its framing named.
///
/// `{name}` is replaced by the field. When the field is missing: the names a check cannot run without (`domain`,
/// `identifier`, `record`, `caaDomain`, `expected`) become a placeholder the user fills in (DOMAIN, VALUE), with a
/// line saying so; any other argument goes, with the option before it. `{name?}` always goes when missing.
/// A value never stands in for another: the value the CA found is not the one to expect.
enum CommandTemplate {
    /// The fields a message or its framing can name.
    static let fieldNames = ["domain", "identifier", "record", "type", "address", "url", "status", "expected", "found",
                             "value", "caaDomain", "ede", "body", "server", "count"]
    static let domainPlaceholder = "DOMAIN"
    static let valuePlaceholder = "VALUE"

    /// The check's arguments, and what the user must fill in. Adds the derived fields (`domain`, `record`, `path`).
    static func fill(_ template: [String], fields: inout [String: String]) -> (command: [String], fillIn: [String]) {
        derive(&fields, http: template.first == "http-check", record: template.contains { $0.contains("{record") })
        var arguments: [String] = []
        var fillIn: [String] = []
        for argument in template {
            guard let open = argument.firstIndex(of: "{"), let close = argument[open...].firstIndex(of: "}") else {
                arguments.append(argument)
                continue
            }
            var name = String(argument[argument.index(after: open) ..< close])
            let optional = name.hasSuffix("?")
            if optional { name.removeLast() }
            var value = fields[name] ?? (name == "caaDomain" ? fields["domain"] : nil)
            if value == nil, !optional, let placeholder = placeholder(for: name, fields: fields, fillIn: &fillIn) { value = placeholder }
            guard var value else {
                if arguments.last?.hasPrefix("--") == true { arguments.removeLast() }
                continue
            }
            if arguments.last == "--path", let urlPath = path(ofURL: value) { value = urlPath }
            arguments.append(argument[..<open] + value + argument[argument.index(after: close)...])
        }
        return (arguments, fillIn)
    }

    /// The names the check needs, from what the message named: the record the CA queried for dns-01 is
    /// `_acme-challenge.<identifier>` unless the message names it; the path is the URL's, or the token's.
    private static func derive(_ fields: inout [String: String], http: Bool, record: Bool) {
        for name in ["domain", "record", "identifier", "caaDomain"] {      // lego names the FQDN with its final dot
            if let value = fields[name], value.count > 1, value.hasSuffix(".") { fields[name] = String(value.dropLast()) }
        }
        if fields["domain"] == nil { fields["domain"] = fields["url"].flatMap(host(ofURL:)) ?? fields["identifier"] }
        if record, fields["record"] == nil, let identifier = fields["identifier"] { fields["record"] = ValidationMethod.dns01.recordName(for: identifier) }
        if let url = fields["url"], let path = path(ofURL: url) {
            fields["path"] = path
        } else if let expected = fields["expected"], http, let token = expected.split(separator: ".").first {
            fields["path"] = ValidationMethod.http01.filePath(for: String(token))      // a key authorization is TOKEN.THUMBPRINT
        } else if http {
            fields["path"] = probePath
        }
    }

    private static func placeholder(for name: String, fields: [String: String], fillIn: inout [String]) -> String? {
        switch name {
        case "domain", "identifier", "record", "caaDomain":
            let note = fields["address"].map { "the message names only the address \($0): replace DOMAIN with the name being validated (dvtool checks every address of it, \($0) among them)" }
                ?? "the text does not name the domain being validated: replace DOMAIN with it"
            if !fillIn.contains(note) { fillIn.append(note) }
            return name == "record" ? ValidationMethod.dns01.recordName(for: domainPlaceholder) ?? domainPlaceholder : domainPlaceholder
        case "expected":
            var note = "the expected value is not in the text: replace VALUE with the challenge's value (dns-01: the TXT value, certbot's CERTBOT_VALIDATION; http-01: the key authorization)"
            if let found = fields["found"] { note += "; \"\(found)\" is the value the CA found and rejected, not the one to expect" }
            fillIn.append(note)
            return valuePlaceholder
        default:
            return nil
        }
    }
}

/// The path fetched when a message names no token URL: a 404 there is expected; how every address connects (or
/// does not) is what such messages are about.
let probePath = ValidationMethod.http01.filePath(for: "dvtool-explain-probe") ?? ""
