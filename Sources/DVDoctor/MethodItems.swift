import DVDomain
import DVMethod
import DVReport
import DVTXT
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The validation method doctor was told the user relies on (`--method`): an ACME method, or a Baseline
/// Requirements section (`3.2.2.4.4`) for the non-ACME ones, which the BR retire one by one.
public enum DoctorMethod: Sendable, Equatable {
    case acme(ValidationMethod)
    case section(MethodSunset)

    /// `dns-01`, `dns-persist-01`, … or a BR 3.2.2.4.x section; nil for anything else.
    public init?(name: String) {
        if let method = ValidationMethod(name: name) {
            self = .acme(method)
        } else if let sunset = BaselineCalendar.sunsets.first(where: { $0.section == name }) {
            self = .section(sunset)
        } else {
            return nil
        }
    }

    /// Every accepted name, for the bad-input line.
    public static var names: [String] { ValidationMethod.allCases.map(\.rawValue) + BaselineCalendar.sunsets.map(\.section) }
}

extension Doctor {
    /// A method the BR retire (or advise against) on `day`: a CA may not (should not) rely on it, so doctor must
    /// not say "submit" for it. Nil for a method in good standing.
    static func methodItem(_ method: DoctorMethod, on day: CalendarDay) -> CheckItem? {
        guard case let .section(sunset) = method else { return nil }
        let title = "Validation method \(sunset.section) (\(sunset.name))"
        let instead = "Validate with dns-01, http-01 or dns-persist-01 (`dvtool doctor DOMAIN --method dns-01`)."
        switch sunset.standing(on: day) {
        case .allowed:
            return CheckItem(id: "method", title: title, verdict: .ok,
                             detail: "allowed on \(day); the BR retire it from \(sunset.retiredFrom) (\(sunset.ballot))")
        case .discouraged:
            return CheckItem(id: "method", title: title, verdict: .warning,
                             detail: "the BR say SHOULD NOT since \(sunset.discouragedFrom.map { "\($0)" } ?? "?") and MUST NOT from \(sunset.retiredFrom) (\(sunset.ballot)): CAs are dropping it",
                             fix: instead)
        case .retired:
            return CheckItem(id: "method", title: title, verdict: .problem,
                             detail: "retired since \(sunset.retiredFrom) (\(sunset.ballot)): no CA may validate with it on \(day)",
                             fix: instead)
        }
    }

    /// A wildcard name with a method that connects to one server: the BR (3.2.2.4) and every CA allow only the DNS
    /// methods for `*.` names (Boulder offers no http-01 or tls-alpn-01 challenge for them).
    static func wildcardItem(_ method: ValidationMethod, domain: DNSName) -> CheckItem? {
        guard domain.isWildcard, !method.validatesWildcards else { return nil }
        let domain = domain.description.withoutTrailingDot
        return CheckItem(id: "method", title: "Validation method \(method.rawValue) for a wildcard",
                         verdict: .problem,
                         detail: "\(domain) is a wildcard: CAs validate wildcards only through DNS, so no CA offers \(method.rawValue) for it",
                         fix: "Validate with dns-01 (or dns-account-01, dns-persist-01): `dvtool doctor '\(domain)' --method dns-01`.")
    }

    /// dns-persist-01: the standing record at `_validation-persist.DOMAIN`, judged on every server as the CA would.
    static func persistItem(_ report: TXTReport, caName: String, domain: String) -> CheckItem {
        let title = "dns-persist-01 record for \(caName)"
        let errors = report.problems.filter { $0.severity == .error }
        switch report.status {
        case .ok:
            return CheckItem(id: "persist", title: title, verdict: .ok,
                             detail: "every server serves a record \(caName) accepts at \(report.name)")
        case .problem:
            return CheckItem(id: "persist", title: title, verdict: .problem,
                             detail: errors.prefix(2).map(\.message).joined(separator: "; "),
                             fix: "Publish the record `dvtool token persist --ca … --account-url …` prints at \(report.name) on every authoritative server; `dvtool txt \(domain) --persist --ca … --account-url …` shows each server.")
        case .error:
            return CheckItem(id: "persist", title: title, verdict: .couldNotCheck,
                             detail: errors.first?.message ?? "no server could be asked")
        }
    }

    /// `_validation-persist.DOMAIN`.
    static func persistName(_ domain: DNSName) -> DNSName? {
        guard let label = ValidationMethod.dnsPersist01.dnsLabel else { return nil }
        return try? DNSName(label + "." + domain.description)
    }
}
