// The names a challenge derives from its domain (a `DomainInput` host name).
import DVDomain
import DVMethod

extension DomainInput {
    /// A challenge's domain: `DomainInput(hostName:)`, refused as `TokenError.Code.invalidDomain`.
    public init(challengeDomain text: String) throws(TokenError) {
        do {
            try self.init(hostName: text)
        } catch {
            throw TokenError(.invalidDomain, error.description)
        }
    }

    /// The name without `*.`: where wildcard validation happens (RFC 8555 §8.4, BR 3.2.2.4).
    public var base: String { isWildcard ? String(ascii.dropFirst(2)) : ascii }

    /// `prefix.base.` with the trailing dot, e.g. `fqdn(prefix: "_acme-challenge")` → `_acme-challenge.example.com.`.
    public func fqdn(prefix: String? = nil) -> String {
        (prefix.map { "\($0)." } ?? "") + base + "."
    }

    /// Where `method`'s TXT record for this name goes, with the trailing dot: `_acme-challenge.example.com.`,
    /// `_<accountLabel>._acme-challenge.example.com.`, `_validation-persist.example.com.`; a wildcard is validated
    /// at its base name. Methods without a fixed label: the base name itself.
    public func validationName(_ method: ValidationMethod, accountLabel: String? = nil) -> String {
        let labels = [accountLabel.map { "_" + $0 }, method.dnsLabel].compactMap(\.self)
        return fqdn(prefix: labels.isEmpty ? nil : labels.joined(separator: "."))
    }
}
