import DVTLS

/// `cert convert` and `cert bundle` documents: what was read, what was chosen, what was written.
public enum CertificateConversionRendering {
    public static func document(_ report: CertificateConversion.Report) -> Document {
        var lines: [Styled] = []
        for input in report.inputs {
            lines.append("Read       \(input.path): \(input.format.rawValue), \(count(input.certificates, "certificate")), \(count(input.privateKeys, "private key"))"
                         + (input.aliases.isEmpty ? "" : "; aliases: \(input.aliases.joined(separator: ", "))"))
        }
        if let leaf = report.leaf {
            lines.append("Leaf       \(leaf.subject)" + (report.leafAlias.map { " (alias \($0))" } ?? "") + ", until \(leaf.notAfter.formatted(.iso8601))")
        }
        if let key = report.key {
            let state = key.wasEncrypted ? "was encrypted" : "not encrypted"
            lines.append("Key        \(key.publicKey.description) (\(key.encoding), \(state))" + (key.alias.map { ", alias \($0)" } ?? "")
                         + (report.leaf == nil ? "" : ": belongs to the leaf (same public key, SHA-256 \(key.publicKey.spkiSHA256.prefix(16))…)"))
        } else if report.leaf != nil {
            lines.append("Key        none in the input: key.pem not written (give the key file too)")
        }
        if report.leaf != nil {
            lines.append("Chain      " + (report.intermediates.isEmpty ? "no intermediates" : report.intermediates.map { "'\($0.displayName)'" }.joined(separator: " → ")))
        }
        if let root = report.droppedRoot { lines.append("Root       '\(root.displayName)' left out (clients have their own copy)") }
        for certificate in report.unrelated { lines.append("Unrelated  '\(certificate.displayName)' not on the leaf's chain: not written") }
        lines.append("Wrote      " + report.files.map { file in
            let what = file.role == "key" ? "mode \(file.mode), unencrypted" : count(file.certificates, "certificate")
            return "\(file.path) (\(what))"
        }.joined(separator: "\n           "))
        if let missing = report.missingIssuer {
            lines.append(Styled("PROBLEM", .bad) + "    the chain is incomplete: the issuer '\(missing)' is not in the input")
            if let command = report.bundleCommand { lines.append("           fix: \(command)") }
        }
        for warning in report.warnings { lines.append(Styled("warning", .caution) + "    \(warning)") }
        return Document(blocks: lines.map(Block.line))
    }

    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
}

extension CertificateConversionRendering {
    /// `cert bundle`: the chain built, where each certificate came from, what was dropped, the outcome.
    public static func document(_ report: ChainBundle.Report) -> Document {
        let downloaded = Dictionary(report.downloads.filter { !$0.failed }.map { ($0.forCertificate, $0.url) }) { first, _ in first }
        var lines: [Styled] = ["  leaf      \(report.leaf.subject)"]
        var below = report.leaf
        for certificate in report.intermediates {
            lines.append("  CA        \(certificate.subject)" + (downloaded[below.displayName].map { "  (downloaded from \($0))" } ?? ""))
            below = certificate
        }
        if let root = report.root { lines.append("  root      \(root.subject)  (trusted root, left out)") }
        for certificate in report.dropped { lines.append("  dropped   \(certificate.subject)  (not needed on the chain)") }
        for download in report.downloads where download.failed { lines.append("  download  \(download.outcome)") }
        if !report.complete {
            lines.append(Styled("PROBLEM", .bad) + "   incomplete: the issuer '\(report.missingIssuer ?? "?")' is in neither the files given nor \(report.trustStore)"
                         + (report.downloads.isEmpty ? "" : ", nor at the caIssuers URL") + "; nothing written")
            lines.append("          fix: download that intermediate from the CA and add it with --chain FILE (or drop --offline)")
        } else if let error = report.verificationError {
            lines.append(Styled("PROBLEM", .bad) + "   the completed chain does not verify against \(report.trustStore): \(error); nothing written")
        } else {
            let written = report.outputPath.map { "Wrote \($0)" } ?? "Bundle (on standard output)"
            lines.append(Styled(written, .good) + ": \(count(report.intermediates.count + 1, "certificate")), leaf first, verifies against \(report.trustStore)")
        }
        return Document(blocks: lines.map(Block.line))
    }
}
