import ArgumentParser
import DVDomain
import DVTLS

/// `--domain` and `--ca-file`, shared by `cert check` and `cert probe`.
struct CertificateNameOptions: ParsableArguments {
    @Option(name: .customLong("domain"), help: ArgumentHelp("A name the certificate must cover (IDN allowed); repeatable.", valueName: "name"))
    var domains: [String] = []

    @OptionGroup var trust: TrustFileOption

    /// A-labels in order, and the forms typed by the user for display.
    func asciiDomains() throws(CLIError) -> (names: [String], display: [String: String]) {
        var names: [String] = [], display: [String: String] = [:]
        for domain in domains {
            let ascii = try DomainInput(domain, option: "--domain").ascii
            if !names.contains(ascii) { names.append(ascii) }
            display[ascii] = domain
        }
        return (names, display)
    }
}

/// `--ca-file`, for `cert check`, `cert probe` and `doctor`.
struct TrustFileOption: ParsableArguments {
    @Option(name: .customLong("ca-file"), help: ArgumentHelp("Verify against the roots in this PEM file instead of the system trust store.", valueName: "file"))
    var caFile: String?

    /// The roots in --ca-file, else the system's.
    func trustStore() throws(CLIError) -> TrustStore? {
        if let caFile {
            do { return try TrustStore.file(caFile) } catch { throw .badInput("--ca-file: \(error.description)") }
        }
        return TrustStore.system()
    }
}
