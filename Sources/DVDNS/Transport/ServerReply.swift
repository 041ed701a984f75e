/// What one server's reply means before any check looks at the records: the one classification of an exchange
/// (rcode, AA, no reply) that resolve's and txt's rows share.
public enum ServerReply: Sendable {
    /// Nothing usable came back (timeout, refused connection, rate limiting): `exchange.error` says why.
    case noReply
    case refused(DNSMessage)
    case servfail(DNSMessage)
    /// Another error rcode, or no AA bit where authority was required: the server does not serve the zone.
    case lame(DNSMessage)
    /// NOERROR or NXDOMAIN (with AA when required): the records decide.
    case answered(DNSMessage)
}

extension DNSExchange {
    public func reply(requireAuthority: Bool) -> ServerReply {
        guard let message else { return .noReply }
        switch message.rcode {
        case .refused: return .refused(message)
        case .servFail: return .servfail(message)
        case .noError, .nxDomain: return requireAuthority && !message.authoritative ? .lame(message) : .answered(message)
        default: return .lame(message)
        }
    }
}

extension DNSMessage {
    /// A validating resolver's reason for its SERVFAIL (RFC 8914): "SERVFAIL with EDE 7 (Signature Expired): …".
    public var servfailReason: String? { extendedErrors.first.map { "SERVFAIL with \($0)" } }
}
