/// A domain a token is made for: checked as a challenge domain, with the Unicode form the user may have typed.
public struct TokenName: Sendable {
    public let domain: ChallengeDomain
    /// Lower case; the A-label form when the name has no Unicode form.
    public let unicode: String

    public init(domain: ChallengeDomain, unicode: String) {
        self.domain = domain
        self.unicode = unicode
    }

    public var ascii: String { domain.name }

    var reportName: TokenReport.Name { .init(ascii: ascii, unicode: unicode) }
}
