import ArgumentParser
import DVBasics
import DVTLS

/// How `cert convert`, `cert check` and `cert bundle` get the password of a PKCS#12 file, a keystore or an
/// encrypted key: a file, an environment variable, or a prompt on the terminal; `--password` still works but
/// puts the secret where `ps` and the shell history show it, so it warns. The password is never printed.
struct CertPasswordOptions: ParsableArguments {
    @Option(help: "The password itself (visible in ps and shell history: prefer --password-file or --password-env).")
    var password: String?

    @Option(name: .customLong("password-file"), help: ArgumentHelp("Read the password from the first line of this file.", valueName: "file"))
    var passwordFile: String?

    @Option(name: .customLong("password-env"), help: ArgumentHelp("Read the password from this environment variable.", valueName: "name"))
    var passwordEnvironment: String?

    func validate() throws {
        guard [password, passwordFile, passwordEnvironment].compactMap({ $0 }).count <= 1 else {
            throw ValidationError("give only one of --password, --password-file and --password-env")
        }
    }

    /// The password given on the command line, from the file or from the environment; nil when none was.
    func given() throws(CLIError) -> String? {
        if let password {
            StandardStream.error.writeUnbuffered("dvtool: warning: --password shows the password to every local user (ps) and in the shell history; use --password-file FILE or --password-env NAME\n")
            return password
        }
        if let passwordFile {
            let bytes: [UInt8]
            do { bytes = try FileBytes.read(passwordFile) } catch { throw .badInput("--password-file \(passwordFile): \(error.description)") }
            let line = String(decoding: bytes.prefix { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
            guard !line.isEmpty else { throw .badInput("--password-file \(passwordFile): the first line is empty") }
            return line
        }
        if let passwordEnvironment {
            guard let value = environmentValue(passwordEnvironment), !value.isEmpty else {
                throw .badInput("--password-env \(passwordEnvironment): the variable is not set (or empty)")
            }
            return value
        }
        return nil
    }

    /// Runs `work` with the password given; when it needs one that was not given and a person is at the terminal,
    /// asks (no echo) and runs it once more.
    func run<T>(_ work: (String?) throws(PKIFileError) -> T) throws -> T {
        let password = try given()
        let first: Result<T, PKIFileError> = Result { () throws(PKIFileError) -> T in try work(password) }
        guard case let .failure(failure) = first, failure.kind == .passwordRequired, password == nil,
              let typed = SecretPrompt.read("Password: "), !typed.isEmpty else {
            return try first.get()
        }
        return try work(typed)
    }
}
