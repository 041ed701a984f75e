import DVDomain
import DVMethod
import DVReport
import DVResolve

/// Why the CA will not connect to the domain's server for this order, when it will not: a DNS method was named,
/// or the name is a wildcard (CAs validate `*.` names through DNS only). The rows that only a connecting CA needs
/// (an address, ports 80 and 443) then speak for the site, not for the certificate.
struct DNSOnlyValidation: Sendable {
    /// The clause the demoted rows end with.
    let reason: String
    let wildcard: Bool

    init?(_ method: DoctorMethod?, domain: DNSName) {
        wildcard = domain.isWildcard
        if case let .acme(method)? = method {
            guard !method.connectsToTheServer else { return nil }
            reason = "\(method.rawValue) does not connect to the server, so the CA does not need this (the site does)"
        } else if wildcard {
            reason = "CAs validate a wildcard through DNS only, so the CA does not need this (the sites under it do)"
        } else {
            return nil
        }
    }

    /// Whether what the address lookup found wrong concerns only the addresses: none (NODATA) or not the expected
    /// ones. Servers that refuse, fail or do not answer fail the CA's TXT lookup too. So does NXDOMAIN, as nothing
    /// exists below a name that does not exist (RFC 8020), `_acme-challenge.NAME` included; only for `*.NAME` is
    /// the TXT beside the looked-up name rather than under it.
    func onlyAddressesWrong(_ lookup: ResolveReport) -> Bool {
        let addressOnly: Set<ProblemCode> = wildcard ? [.nodata, .nxdomain, .unexpectedAddress, .aaaaMismatch]
                                                     : [.nodata, .unexpectedAddress, .aaaaMismatch]
        return lookup.status != .error && lookup.problems.allSatisfy { $0.severity != .error || addressOnly.contains($0.code) }
    }

    /// `item` as a warning when it is a row the certificate does not need: a port that refused, or, when only the
    /// addresses are wrong (`onlyAddressesWrong`), the address row and the ports row that had nothing to connect to.
    func demoted(_ item: CheckItem, onlyAddressesWrong: Bool) -> CheckItem {
        let demote = switch item.id {
        case "port-80", "port-443": item.verdict == .problem
        case "dns": onlyAddressesWrong && item.verdict == .problem
        case "ports": onlyAddressesWrong && (item.verdict == .problem || item.verdict == .couldNotCheck)
        default: false
        }
        guard demote else { return item }
        var item = item
        item.verdict = .warning
        item.detail = (item.detail.hasSuffix(".") ? String(item.detail.dropLast()) : item.detail) + "; " + reason
        return item
    }
}
