import ArgumentParser
import DVCAA
import DVDomain
import DVDNSSEC
import DVChecks
import DVDoctor
import DVHTTPCheck
import DVMethod
import DVPresentation
import DVToken
import DVTXT

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Run the whole DV and TLS checklist for a domain in one go.",
        discussion: """
            DNS on every authoritative server (as `resolve`), CAA for --ca, ports 80 and 443 on every address, \
            the live certificate and TLS versions (as `cert probe`), the local --cert/--key files (as `cert check`) \
            and, with --token, the HTTP file-validation path (as `http-check`). Each item: ok, warning, problem or \
            could-not-check, with the fix for a problem.
            With --from FILE, every domain in FILE (one per line) with the same options, one result line each, as \
            `resolve --from` (--shard, --resume: docs/scale-out.md).
            Exit codes: 0 nothing is a problem, 1 a problem was found, 2 bad input, 3 an item could not be checked and none is a problem.
            """)

    @Argument(help: "The domain the certificate is for (IDN accepted; omit with --from).")
    var domain: String?

    @OptionGroup var expected: ExpectedAddressOptions

    @OptionGroup var authority: TargetCAOption
    @OptionGroup var files: ServerFileOptions
    @OptionGroup var trust: TrustFileOption
    @OptionGroup var token: TokenFetchOptions

    @Option(help: "The validation method you will use: dns-01, http-01, dns-persist-01, … or a BR section (3.2.2.4.4); a retired one is a problem, dns-persist-01 checks the standing record.")
    var method: String?

    // --key is the certificate's key here: the hashed accounturi of draft-02 (account key) is `txt --persist`'s.
    @Option(name: .customLong("account-url"), help: ArgumentHelp("dns-persist-01: the ACME account URL the record must name (compared as the plain URL).", valueName: "url"))
    var accountURL: String?

    @OptionGroup(title: "Bulk Options") var bulk: BulkOptions
    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var reserved: ReservedAddressOption
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try bulk.check(nameGiven: domain != nil, output: output)
        let chosen = method.flatMap(DoctorMethod.init(name:))
        if let method, chosen == nil {
            throw ValidationError("--method \"\(method)\" is not a validation method: use one of \(DoctorMethod.names.joined(separator: ", "))")
        }
        // Any spelling of the method (Open MPIC's dns-persistent, any case) needs what the record check needs.
        if chosen == .acme(.dnsPersist01) {
            guard authority.ca != nil else { throw ValidationError("--method dns-persist-01 needs --ca: the CA whose issuer domain the record must name") }
            guard accountURL != nil else { throw ValidationError("--method dns-persist-01 needs --account-url: the account the record must name") }
        } else if accountURL != nil {
            throw ValidationError("--account-url is for --method dns-persist-01")
        }
    }

    func run() async throws {
        guard !bulk.isBulk else { return try await runBulk() }
        let target = try DomainInput(domain ?? "")
        let settings = try checklist()
        let context = try await CheckContext(reserved.applied(to: dns.settings))
        let report = await Doctor(context: context, settings: settings, tokenBody: token.body).run(target.name, display: target.display)
        await context.shutdown()
        try output.print(report) { DoctorRendering.document(report, display: target.display) }
        try ExitStatus.finish(report.status)
    }

    /// `--from`: the whole checklist for every domain, one line each, with the same options.
    private func runBulk() async throws {
        let settings = try checklist()
        let context = try await CheckContext(reserved.applied(to: dns.settings))
        let tally = try await bulk.run(output: output) { [context, tokenBody = token.body] target in
            await Doctor(context: context, settings: settings, tokenBody: tokenBody).run(target.name, display: target.display)
        }
        await context.shutdown()
        try ExitStatus.finish(tally.worstStatus, badInput: tally.badLines > 0)
    }

    /// The checklist's settings from the options, the same for every domain.
    private func checklist() throws -> Doctor.Settings {
        var settings = Doctor.Settings()
        settings.expected = expected.addresses
        (settings.certificateFile, settings.keyFile) = (files.certificateFile, files.keyFile)
        settings.ca = try authority.ca.map(CertificateAuthority.init(named:))
        settings.trust = try trust.trustStore()
        settings.tokenPath = token.token.map(HTTPCheckSettings.path(forTokenOrPath:))
        settings.method = method.flatMap(DoctorMethod.init(name:))
        if settings.method == .acme(.dnsPersist01), let ca = settings.ca, let accountURL {
            settings.persist = PersistExpectation(issuerDomains: ca.issuerDomains, accountURIs: [.plain(try ACMEAccountURL(option: accountURL))],
                                                  wildcard: false, validationTime: try ValidationMoment(option: "--at", "now").secondsSince1970)
        }
        return settings
    }
}
