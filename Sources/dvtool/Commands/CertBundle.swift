import ArgumentParser
import DVPresentation
import DVTLS

struct CertBundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Complete a certificate's chain (from the files given and the caIssuers URLs it names) into the PEM to upload.",
        discussion: """
            Starts at the leaf of --cert and adds each issuer in turn: from --cert and --chain files, else downloaded \
            from the Authority Information Access caIssuers URL (http:// only, at most 1 MiB, 3 redirects, \
            --timeout), until a root in the trust store (or --ca-file). The root and certificates that sign nothing \
            on the path are dropped. The result must verify; then it goes to --out (written whole) or standard output.
            Exit codes: 0 bundle written, 1 incomplete or does not verify (nothing written), 2 bad input, \
            3 could not download (network).
            """)

    @Option(name: .customLong("cert"), help: ArgumentHelp("The certificate (PEM, DER, PKCS#7, PKCS#12, JKS); may hold part of the chain.", valueName: "file"))
    var certificatePath: String

    @Option(name: .customLong("chain"), parsing: .upToNextOption, help: ArgumentHelp("More certificates to build from; repeatable.", valueName: "file"))
    var chainPaths: [String] = []

    @Option(name: .customLong("out"), help: ArgumentHelp("Write the bundle here instead of standard output.", valueName: "file"))
    var outputPath: String?

    @Flag(help: "Use only the files given: download nothing.")
    var offline = false

    @Flag(help: "Replace --out when it exists.")
    var force = false

    @Option(help: ArgumentHelp("Seconds allowed for each download.", valueName: "seconds"))
    var timeout: Double = 10

    @OptionGroup var trust: TrustFileOption
    @OptionGroup var passwords: CertPasswordOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard timeout > 0 && timeout <= 120 else { throw ValidationError("--timeout must be between 0 and 120 seconds") }
    }

    func run() async throws {
        try output.textOrJSON("cert bundle")
        let roots = try trust.trustStore()
        var bundle = ChainBundle(certificatePath: certificatePath)
        bundle.chainPaths = chainPaths
        bundle.offline = offline
        bundle.download = IssuerDownload(timeout: .milliseconds(Int(timeout * 1000)))
        bundle.outputPath = outputPath
        bundle.overwrite = force
        let report = try passwords.run { password throws(PKIFileError) in try bundle.run(trust: roots, password: password) }
        if output.isJSON {
            Terminal.line(JSONOutput.encode(report, pretty: true))
        } else if report.ok && outputPath == nil {
            Terminal.line(String(report.pem.dropLast()))
            Terminal.report(output.text(CertificateConversionRendering.document(report)))
        } else {
            Terminal.line(output.text(CertificateConversionRendering.document(report)))
        }
        try ExitStatus.finish(report.status)
    }
}
