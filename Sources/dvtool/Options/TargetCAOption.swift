import ArgumentParser

/// `--ca NAME` for the commands that ask whether CAA lets the one CA you will ask issue (doctor, hook); `caa` and
/// `mpic` take several, `token` a style.
struct TargetCAOption: ParsableArguments {
    @Option(help: "The CA you will ask (letsencrypt, digicert, …, an issuer domain, or its ACME directory URL): CAA must let it issue.")
    var ca: String?
}
