import ArgumentParser
import DVPresentation
import DVTLS

struct CertCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check certificate, key and chain files: format, key match, chain, validity, names, permissions.",
        discussion: """
            Reads PEM (one or many certificates), DER, PKCS#7, PKCS#12/PFX and JKS/JCEKS (password from \
            --password-file, --password-env or a prompt). Checks that the key \
            belongs to the certificate, that the chain runs leaf first with each certificate signed by the next \
            and ends at a trusted root (system store or --ca-file), expiry (warning under 30 days), weak keys \
            and SHA-1 signatures, the names covered (--domain, wildcards one level only, IDN as A-labels) and who \
            can read the files (--server-user).
            Exit codes: 0 no problem, 1 a problem was found, 2 bad input (missing, unreadable or wrong file, \
            wrong password).
            """)

    @Option(name: .customLong("cert"), help: ArgumentHelp("Certificate file (PEM, DER, PKCS#7, PKCS#12 or JKS/JCEKS); may hold the whole chain.", valueName: "file"))
    var certificatePath: String

    @Option(name: .customLong("key"), help: ArgumentHelp("Private key file (PEM or DER; RSA, EC, Ed25519).", valueName: "file"))
    var keyPath: String?

    @Option(name: .customLong("chain"), help: ArgumentHelp("Intermediate certificates, appended after --cert.", valueName: "file"))
    var chainPath: String?

    @Option(name: .customLong("server-user"), help: ArgumentHelp("Check that this user (e.g. www-data) can read the files.", valueName: "user"))
    var serverUser: String?

    @Option(name: .customLong("for"), help: ArgumentHelp("Check the upload checklist of this target instead (the format it takes, each problem with its fix).", valueName: "target"))
    var target: UploadTarget?

    @OptionGroup var passwords: CertPasswordOptions
    @OptionGroup var names: CertificateNameOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let (domains, display) = try names.asciiDomains()
        let trust = try names.trust.trustStore()
        var check = CertificateFileCheck(certificatePath: certificatePath)
        check.keyPath = keyPath
        check.chainPath = chainPath
        check.domains = domains
        check.displayNames = display
        check.serverUser = serverUser
        check.target = target
        let report = try passwords.run { password throws(PKIFileError) in try check.run(trust: trust, password: password) }
        try output.print(report) { CertificateRendering.document(report, path: certificatePath) }
        try ExitStatus.finish(report.status)
    }
}

extension UploadTarget: ExpressibleByArgument {}
