import ArgumentParser

/// doctor's `--cert FILE --key FILE`: the files the web server uses, checked as `cert check` does.
struct ServerFileOptions: ParsableArguments {
    @Option(name: .customLong("cert"), help: ArgumentHelp("The certificate file the web server uses.", valueName: "file"))
    var certificateFile: String?

    @Option(name: .customLong("key"), help: ArgumentHelp("Its private key file.", valueName: "file"))
    var keyFile: String?

    func validate() throws {
        if keyFile != nil && certificateFile == nil { throw ValidationError("--key needs --cert: give the certificate file too") }
    }
}
