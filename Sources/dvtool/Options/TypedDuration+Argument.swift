import ArgumentParser
import DVBasics

/// `--wait-timeout 10m`, `--interval 5s`: a `TypedDuration` on the command line.
extension TypedDuration: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }

    public static var defaultCompletionKind: CompletionKind { .default }
}

extension TypedDuration {
    /// A timeout option's reader (`--timeout 3s`, `1.5`, `1m`): zero is read too, so that the command's `validate`
    /// can say what range is allowed (`outOfRange`) instead of "invalid value".
    static func timeoutArgument(_ text: String) throws -> TypedDuration {
        guard let duration = TypedDuration(parsing: text, allowingZero: true) else {
            throw ValidationError("not a duration (e.g. 3s, 1.5s, 1m) or a number of seconds")
        }
        return duration
    }

    /// Refuses a timeout outside (0, `limit`] with one line naming the option.
    func check(_ option: String, atMost limit: TypedDuration) throws {
        if let problem = outOfRange(for: option, atMost: limit) { throw ValidationError(problem) }
    }
}
