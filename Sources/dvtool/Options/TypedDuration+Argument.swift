import ArgumentParser
import DVBasics

/// `--wait-timeout 10m`, `--interval 5s`: a `TypedDuration` on the command line.
extension TypedDuration: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }

    public static var defaultCompletionKind: CompletionKind { .default }
}
