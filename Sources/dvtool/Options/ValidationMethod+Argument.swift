import ArgumentParser
import DVMethod

extension ValidationMethod {
    /// `--method`'s parser (mpic, caa): any of a method's names (ACME's dns-01, Open MPIC's acme-dns-01, …); the
    /// refusal lists them.
    static func argument(_ text: String) throws -> ValidationMethod {
        guard let method = ValidationMethod(name: text) else {
            throw ValidationError("not a validation method: use \(names) (or Open MPIC's \(allCases.map(\.openMPICName).filter { ValidationMethod(rawValue: $0) == nil }.joined(separator: ", ")))")
        }
        return method
    }
}
