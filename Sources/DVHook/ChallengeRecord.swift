import DVBasics
import DVDomain
import DVMethod

/// One dns-01 record a client asked for: the TXT name and the value the CA will look for there.
public struct ChallengeRecord: Sendable, Hashable, Codable {
    /// `_acme-challenge.<identifier>.` in lower-case A-label form, with the trailing dot (names compare as DNS compares them).
    public var name: String
    public var value: String
    /// Whether the identifier is a wildcard (`*.example.com`): issuewild then decides CAA. nil when the client
    /// passed only the TXT name (lego, acme.sh): the gate checks CAA for both.
    public var wildcard: Bool?

    public init(name: String, value: String, wildcard: Bool? = nil) {
        self.name = name
        self.value = value
        self.wildcard = wildcard
    }

    /// The record for an identifier as ACME names it (`example.com`, `*.example.com`, IDN accepted): apex and
    /// wildcard share `_acme-challenge.example.com`; with an `accountLabel` (dns-account-01, `--account-url`)
    /// `_<label>._acme-challenge.example.com`.
    public init(identifier: String, value: String, accountLabel: String? = nil) throws(HookError) {
        let domain: DomainInput
        do { domain = try DomainInput(parsing: identifier, allowWildcard: true) } catch {
            throw HookError(.badInput, "\"\(identifier)\" is not a domain name: \(error.description)")
        }
        let base = domain.isWildcard ? domain.name.parent : domain.name
        let name = ValidationMethod.dns01.recordName(for: base.description.lowercased()) ?? ""
        self.init(name: accountLabel.map { "_\($0).\(name)" } ?? name, value: value, wildcard: domain.isWildcard)
    }

    /// A TXT name as a client passes it (`_acme-challenge.example.com.`), checked.
    public init(fqdn: String, value: String) throws(HookError) {
        let domain: DomainInput
        do { domain = try DomainInput(parsing: fqdn) } catch {
            throw HookError(.badInput, "\"\(fqdn)\" is not a record name: \(error.description)")
        }
        self.init(name: domain.name.description.lowercased(), value: value)
    }
}
