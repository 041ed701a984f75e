import DVBasics
/// The compact JSON line of a bulk run, written directly: a bulk run prints one per name, and Foundation's
/// JSONEncoder spent a fifth of such a run building and sorting dictionaries. The output is byte for byte what
/// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` gives (a test holds the two together), so keys
/// stay in sorted order here by hand.
extension ResolveReport {
    public func jsonLine(line: Int? = nil) -> String {
        var json = JSONLineWriter()
        json.object { json in
            json.array("authoritative", authoritative) { json, row in json.serverAnswer(row) }
            json.array("cnameChain", cnameChain) { json, name in json.string(name) }
            if let discovery { json.key("discovery"); json.string(discovery.rawValue) }
            json.array("expected", expected) { json, address in json.string(address) }
            if let line { json.key("line"); json.integer(line) }
            if let maximumTTL { json.key("maximumTTL"); json.integer(maximumTTL) }
            json.key("name"); json.string(name)
            json.array("nameservers", nameservers) { json, server in json.nameServer(server) }
            json.array("problems", problems) { json, problem in
                json.object { json in
                    json.key("code"); json.string(problem.code.rawValue)
                    json.key("message"); json.string(problem.message)
                    json.key("severity"); json.string(problem.severity.rawValue)
                }
            }
            json.array("recursive", recursive) { json, row in json.serverAnswer(row) }
            json.key("status"); json.string(status.rawValue)
            if let zone { json.key("zone"); json.string(zone) }
        }
        return json.text
    }
}

private extension JSONLineWriter {
    mutating func serverAnswer(_ row: ServerAnswer) {
        object { json in
            json.key("address"); json.string(row.address)
            json.array("addresses", row.addresses) { json, address in json.string(address) }
            if let aa = row.authoritativeAnswer { json.key("authoritativeAnswer"); json.bool(aa) }
            json.array("cnames", row.cnames) { json, name in json.string(name) }
            if let error = row.error { json.key("error"); json.string(error) }
            json.key("name"); json.string(row.name)
            if let negativeTTL = row.negativeTTL { json.key("negativeTTL"); json.integer(negativeTTL) }
            if let rcode = row.rcode { json.key("rcode"); json.string(rcode) }
            json.key("rttMilliseconds"); json.double(row.rttMilliseconds)
            if let serial = row.serial { json.key("serial"); json.integer(serial) }
            json.key("server"); json.string(row.server)
            json.key("transport"); json.string(row.transport)
            if let ttl = row.ttl { json.key("ttl"); json.integer(ttl) }
            json.key("type"); json.string(row.type)
            json.key("verdict"); json.string(row.verdict.rawValue)
        }
    }

    mutating func nameServer(_ server: NameServerReport) {
        object { json in
            json.array("addresses", server.addresses) { json, address in json.string(address) }
            json.key("inChild"); json.bool(server.inChild)
            json.key("inParent"); json.bool(server.inParent)
            json.key("name"); json.string(server.name)
            json.key("serials")
            json.object { json in
                for (address, serial) in server.serials.sorted(by: { $0.key < $1.key }) {
                    json.key(dynamic: address); json.integer(serial)
                }
            }
        }
    }
}

/// Appends compact JSON as UTF-8 bytes; the caller writes keys in the order they should appear.
struct JSONLineWriter {
    private var bytes: [UInt8] = []
    private var needsComma = false

    init() { bytes.reserveCapacity(1024) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func object(_ body: (inout JSONLineWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func array<Element>(_ key: StaticString, _ elements: [Element], _ write: (inout JSONLineWriter, Element) -> Void) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        for element in elements { write(&self, element) }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A key of the schema: plain ASCII that needs no escaping, copied as it is.
    mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A key from the data (a server address), escaped as any string.
    mutating func key(dynamic key: String) {
        string(key)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String) {
        separate()
        JSONEscaping.appendString(value.utf8, to: &bytes)
        needsComma = true
    }

    mutating func integer(_ value: some BinaryInteger) {
        separate()
        append(String(value))
        needsComma = true
    }

    mutating func bool(_ value: Bool) {
        separate()
        append(value ? "true" : "false")
        needsComma = true
    }

    /// As JSONEncoder writes a Double: its shortest description, without a trailing ".0".
    mutating func double(_ value: Double) {
        separate()
        var description = value.description
        if description.hasSuffix(".0") { description.removeLast(2) }
        append(description)
        needsComma = true
    }

    private mutating func append(_ plain: String) { bytes.append(contentsOf: plain.utf8) }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }
}
