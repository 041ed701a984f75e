internal import CLDNS

import Glibc

/// DNS wire format through libldns. Every ldns pointer lives and dies inside one function here;
/// callers see only Swift values.
enum LDNSCodec {
    /// Encodes `query` with message id `id`.
    static func encode(_ query: DNSQuery, id: UInt16) throws(DNSError) -> [UInt8] {
        guard let owner = ldns_dname_new_frm_str(query.name.description) else {
            throw .badName(query.name.description, "ldns could not encode it")
        }
        // ldns_pkt_query_new owns `owner` from here on, unless it fails.
        guard let packet = ldns_pkt_query_new(owner, ldns_rr_type(UInt32(query.type.rawValue)), LDNS_RR_CLASS_IN, 0) else {
            ldns_rdf_deep_free(owner)
            throw .malformedMessage("ldns could not build a query for \(query.name) \(query.type)")
        }
        defer { ldns_pkt_free(packet) }
        ldns_pkt_set_id(packet, id)
        ldns_pkt_set_rd(packet, query.recursionDesired)
        ldns_pkt_set_cd(packet, query.checkingDisabled)
        if let size = query.ednsBufferSize {
            ldns_pkt_set_edns_udp_size(packet, size)
            ldns_pkt_set_edns_do(packet, query.dnssecOK)
        }
        var wire: UnsafeMutablePointer<UInt8>?
        var size = 0
        let status = ldns_pkt2wire(&wire, packet, &size)
        defer { free(wire) }
        guard status == LDNS_STATUS_OK, let wire else {
            throw .malformedMessage("ldns could not encode the query: \(statusText(status))")
        }
        return Array(UnsafeBufferPointer(start: wire, count: size))
    }

    /// Decodes a whole message; throws for anything ldns rejects (short, bad counts, pointer loops).
    static func decode(_ bytes: [UInt8]) throws(DNSError) -> DNSMessage {
        try bytes.withUnsafeBytes { bytes in Result { () throws(DNSError) in try decode(bytes) } }.get()
    }

    /// Decodes a message in place, e.g. a datagram still in the receive buffer (no copy per answer).
    static func decode(_ bytes: UnsafeRawBufferPointer) throws(DNSError) -> DNSMessage {
        var parsed: UnsafeMutablePointer<ldns_pkt>?
        let status = ldns_wire2pkt(&parsed, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
        guard status == LDNS_STATUS_OK, let packet = parsed else {
            if let parsed { ldns_pkt_free(parsed) }
            throw .malformedMessage(statusText(status))
        }
        defer { ldns_pkt_free(packet) }

        let extendedRcode = UInt16(ldns_pkt_edns_extended_rcode(packet)) << 4
        let question = records(ldns_pkt_question(packet)).map { rr in
            DNSMessage.Question(name: name(ldns_rr_owner(rr)),
                                type: RecordType(rawValue: UInt16(ldns_rr_get_type(rr).rawValue)),
                                recordClass: UInt16(ldns_rr_get_class(rr).rawValue))
        }
        // Responses echo the DO bit: only DNSSEC answers keep each record's wire form, for signature checks.
        let keepWire = ldns_pkt_edns_do(packet)
        var message = DNSMessage(
            id: ldns_pkt_id(packet),
            isResponse: ldns_pkt_qr(packet),
            rcode: ResponseCode(rawValue: UInt16(ldns_pkt_get_rcode(packet).rawValue) | extendedRcode),
            authoritative: ldns_pkt_aa(packet),
            truncated: ldns_pkt_tc(packet),
            recursionDesired: ldns_pkt_rd(packet),
            recursionAvailable: ldns_pkt_ra(packet),
            authenticData: ldns_pkt_ad(packet),
            checkingDisabled: ldns_pkt_cd(packet),
            question: question,
            answer: records(ldns_pkt_answer(packet)).map { record($0, keepWire: keepWire) },
            authority: records(ldns_pkt_authority(packet)).map { record($0, keepWire: keepWire) },
            additional: records(ldns_pkt_additional(packet)).map { record($0, keepWire: keepWire) },
            ednsBufferSize: ldns_pkt_edns(packet) ? ldns_pkt_edns_udp_size(packet) : nil
        )
        message.extendedErrors = extendedErrors(packet)
        return message
    }

    /// RFC 8914 options of the OPT record: a 2-byte code, then UTF-8 extra text.
    private static func extendedErrors(_ packet: UnsafeMutablePointer<ldns_pkt>) -> [ExtendedDNSError] {
        guard ldns_pkt_edns(packet), let options = ldns_pkt_edns_get_option_list(packet) else { return [] }
        return (0..<ldns_edns_option_list_get_count(options)).compactMap { index in
            guard let option = ldns_edns_option_list_get_option(options, index),
                  ldns_edns_get_code(option).rawValue == 15, ldns_edns_get_size(option) >= 2,
                  let data = ldns_edns_get_data(option) else { return nil }
            let bytes = Array(UnsafeBufferPointer(start: data, count: ldns_edns_get_size(option)))
            return ExtendedDNSError(code: UInt16(bytes[0]) << 8 | UInt16(bytes[1]),
                                    extraText: String(decoding: bytes.dropFirst(2), as: UTF8.self))
        }
    }

    static func statusText(_ status: ldns_status) -> String {
        guard let text = ldns_get_errorstr_by_id(status) else { return "ldns status \(status.rawValue)" }
        return String(cString: text)
    }

    /// Borrowed pointers into a list owned by the packet.
    private static func records(_ list: UnsafeMutablePointer<ldns_rr_list>?) -> [UnsafeMutablePointer<ldns_rr>] {
        guard let list else { return [] }
        return (0..<ldns_rr_list_rr_count(list)).compactMap { ldns_rr_list_rr(list, $0) }
    }

    static func record(_ rr: UnsafeMutablePointer<ldns_rr>, keepWire: Bool) -> ResourceRecord {
        let type = RecordType(rawValue: UInt16(ldns_rr_get_type(rr).rawValue))
        return ResourceRecord(name: name(ldns_rr_owner(rr)), type: type, ttl: ldns_rr_ttl(rr), data: data(rr, type: type),
                              wire: keepWire ? wire(rr) : nil)
    }

    /// One record, uncompressed (owner, type, class, TTL, RDATA), as ldns writes it.
    private static func wire(_ rr: UnsafeMutablePointer<ldns_rr>) -> [UInt8]? {
        var bytes: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard ldns_rr2wire(&bytes, rr, Int32(LDNS_SECTION_ANSWER.rawValue), &size) == LDNS_STATUS_OK, let bytes else { return nil }
        defer { free(bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    private static func data(_ rr: UnsafeMutablePointer<ldns_rr>, type: RecordType) -> RecordData {
        let fields = (0..<ldns_rr_rd_count(rr)).compactMap { ldns_rr_rdf(rr, $0) }
        switch type {
        case .a, .aaaa:
            if let first = fields.first, let address = IPAddress(bytes: bytes(first)) { return .address(address) }
        case .ns, .cname:
            if let first = fields.first { return .name(name(first)) }
        case .soa where fields.count == 7:
            let numbers = fields[2...].map { bytes($0).reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
            return .soa(SOARecord(primaryServer: name(fields[0]), responsibleMailbox: name(fields[1]),
                                  serial: numbers[0], refresh: numbers[1], retry: numbers[2],
                                  expire: numbers[3], minimum: numbers[4]))
        case .txt:
            // Each STR rdf is one character-string: a length octet, then the bytes.
            return .txt(fields.map { Array(bytes($0).dropFirst()) })
        case .caa where fields.count == 3:
            let flags = bytes(fields[0]).first ?? 0
            let tag = String(decoding: bytes(fields[1]).dropFirst(), as: UTF8.self)
            return .caa(flags: flags, tag: tag, value: bytes(fields[2]))
        default:
            break
        }
        return .other(fields.map(presentation).joined(separator: " "))
    }

    private static func bytes(_ rdf: UnsafeMutablePointer<ldns_rdf>) -> [UInt8] {
        guard let data = ldns_rdf_data(rdf) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: ldns_rdf_size(rdf)))
    }

    static func presentation(_ rdf: UnsafeMutablePointer<ldns_rdf>) -> String {
        guard let text = ldns_rdf2str(rdf) else { return "" }
        defer { free(text) }
        return String(cString: text)
    }

    /// An uncompressed wire-format name (ldns expands compression while parsing), read in place.
    private static func name(_ rdf: UnsafeMutablePointer<ldns_rdf>?) -> DNSName {
        guard let rdf, let data = ldns_rdf_data(rdf) else { return .root }
        return DNSName(wire: UnsafeBufferPointer(start: data, count: ldns_rdf_size(rdf)))
    }
}
