// Judgement across addresses: which address Let's Encrypt would use (IPv6 first, IPv4 only when IPv6 cannot be
// dialled) and the notes that explain a split result.
extension HTTPChecker {
    func simulateLetsEncrypt(_ checks: [AddressCheck], resolution: Resolution) -> CASimulation? {
        let first6 = resolution.aaaa.first.flatMap { address in checks.first { $0.address == address } }
        let first4 = resolution.a.first.flatMap { address in checks.first { $0.address == address } }
        guard let primary = first6 ?? first4 else { return nil }
        if let first6, first6.dialFailed, let first4 {
            return CASimulation(tried: [first6.address, first4.address], used: first4.address, fellBack: true, passed: first4.passed,
                                message: "IPv6 \(first6.address) cannot be reached, so it falls back to IPv4 \(first4.address): "
                                    + (first4.passed ? "passes" : "fails (\(first4.message))"))
        }
        return CASimulation(tried: [primary.address], used: primary.address, fellBack: false, passed: primary.passed,
                            message: "uses \(primary.family) \(primary.address): "
                                + (primary.passed ? "passes" : "fails (\(primary.message))"))
    }

    func explanations(_ checks: [AddressCheck], resolution: Resolution) -> [String] {
        var notes: [String] = []
        let failing6 = checks.filter { $0.family == "IPv6" && !$0.passed }
        let passing4 = checks.filter { $0.family == "IPv4" && $0.passed }
        if !failing6.isEmpty && !passing4.isEmpty {
            let dialOnly = failing6.allSatisfy(\.dialFailed)
            var note = "IPv6 first: the token is served over IPv4 but not over IPv6 (\(failing6.map(\.address).joined(separator: ", "))). "
                + "Let's Encrypt connects to the first AAAA address first and falls back to IPv4 only when that connection cannot be made at all; "
            note += dialOnly
                ? "here the IPv6 connection fails, so Let's Encrypt would fall back and pass, but other CAs and remote validation perspectives may not. "
                : "here IPv6 connects and answers wrongly, so Let's Encrypt fails without trying IPv4. "
            note += "Fix the web server on IPv6 port 80 or remove the AAAA record."
            notes.append(note)
        }
        if checks.contains(where: { $0.verdict == .tooManyRedirects || $0.verdict == .badRedirect }) {
            notes.append("Redirects: CAs follow at most \(settings.maximumRedirects) redirects, only 301/302/307/308, only to http: or https: on ports 80 and 443, and do not check certificates.")
        }
        if checks.contains(where: { $0.verdict == .wrongContent }) {
            notes.append("Wrong content: the body must be exactly the token (trailing whitespace is ignored); check the file name, the account key (ACME) and that no other virtual host answers this name.")
        }
        let bodies = Set(checks.compactMap { $0.passed ? $0.body : nil })
        if settings.expected == nil && bodies.count > 1 {
            notes.append("The addresses serve different content: each CA vantage point may reach a different server.")
        }
        return notes
    }
}
