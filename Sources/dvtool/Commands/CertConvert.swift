import ArgumentParser
import DVPresentation
import DVTLS

struct CertConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert PFX/PKCS#12, JKS/JCEKS, PKCS#7, DER, PEM and PKCS#8 files to the PEM files servers take.",
        discussion: """
            Writes DIR/cert.pem (the leaf), DIR/chain.pem (the intermediates, leaf to root; the root is left out), \
            DIR/fullchain.pem (both) and DIR/key.pem (unencrypted, mode 600). The key is matched to its certificate \
            by public key; two keys, two leaves or a key that matches no certificate are refused. Every file is \
            written to a temporary name first and renamed only when all are written. Nothing is sent anywhere.
            Exit codes: 0 written, 1 written but an intermediate is missing (its top is not issued by a root in \
            the trust store or --ca-file: run `cert bundle`), 2 bad input \
            (unreadable file, wrong password, ambiguity, files exist without --force).
            """)

    @Argument(help: ArgumentHelp("The files holding the certificate(s) and the key.", valueName: "file"))
    var inputs: [String]

    @Option(name: .customLong("out"), help: ArgumentHelp("The directory to write into (created, mode 700, when missing).", valueName: "dir"))
    var outputDirectory: String

    @Option(help: ArgumentHelp("The keystore entry to convert, when there are several.", valueName: "name"))
    var alias: String?

    @Flag(help: "Replace cert.pem, chain.pem, fullchain.pem and key.pem when they exist.")
    var force = false

    @OptionGroup var trust: TrustFileOption
    @OptionGroup var passwords: CertPasswordOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let roots = try trust.trustStore()
        var conversion = CertificateConversion(inputPaths: inputs, outputDirectory: outputDirectory)
        conversion.alias = alias
        conversion.overwrite = force
        let report = try passwords.run { password throws(PKIFileError) in try conversion.run(trust: roots, password: password) }
        try output.print(report) { CertificateConversionRendering.document(report) }
        try ExitStatus.finish(report.status)
    }
}
