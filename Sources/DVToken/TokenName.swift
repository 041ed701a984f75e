import DVDomain

/// A domain a token is made for: checked as a challenge domain, with the Unicode form the user may have typed.
public struct TokenName: Sendable {
    public let domain: DomainInput

    public init(domain: DomainInput) {
        self.domain = domain
    }

    public var ascii: String { domain.ascii }
    /// Lower case; the A-label form when the name has no Unicode form.
    public var unicode: String { (domain.unicode ?? domain.ascii).lowercased() }

    var reportName: TokenReport.Name { .init(ascii: ascii, unicode: unicode) }
}
