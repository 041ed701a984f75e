import ArgumentParser
import DVDomain
import DVFlush
import DVHTTPCheck
import DVToken

// The closed sets of the command line, parsed by ArgumentParser: a wrong value is refused before `run()`, in
// one line that lists the choices, and `--help` shows them.

/// `resolve --type`: one record type, or both when left out.
enum AddressType: String, CaseIterable, ExpressibleByArgument {
    case a = "A"
    case aaaa = "AAAA"

    init?(argument: String) { self.init(rawValue: argument.uppercased()) }

    var recordType: RecordType { self == .a ? .a : .aaaa }
}

extension CheckProfile: ExpressibleByArgument {}

extension TargetOS: ExpressibleByArgument {
    /// The usual spellings (`mac`, `osx`, `win`…) besides the three names.
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension TokenCA: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
}

extension GenericChallenge.RecordLocation: ExpressibleByArgument {}

extension SectigoChallenge.Issuer: ExpressibleByArgument {}
