import DVReport

/// Where a certificate is going, and what the place takes: the upload checklist behind `cert check --for`.
public enum UploadTarget: String, Sendable, Codable, CaseIterable {
    case alibaba, nginx, apache, tomcat, iis, cdn

    public var displayName: String {
        switch self {
        case .alibaba: "Alibaba Cloud (SSL Certificates, CDN, SLB)"
        case .nginx: "nginx"
        case .apache: "Apache httpd"
        case .tomcat: "Tomcat"
        case .iis: "IIS"
        case .cdn: "a CDN upload form"
        }
    }

    /// The container formats the target loads.
    var formats: [PKIFileFormat] {
        switch self {
        case .alibaba, .nginx, .apache, .cdn: [.pem]
        case .tomcat: [.pkcs12, .pem, .jks]
        case .iis: [.pkcs12]
        }
    }

    /// The key travels inside the certificate file (a PFX or keystore), protected by its password.
    var keyInsideContainer: Bool { self == .iis }

    /// How the files look when they are right.
    var wanted: String {
        switch self {
        case .alibaba, .cdn: "PEM: the certificate box holds the leaf then the intermediates (no root), the key box an unencrypted PEM key"
        case .nginx: "PEM: ssl_certificate = leaf then intermediates (fullchain.pem), ssl_certificate_key = unencrypted key.pem"
        case .apache: "PEM: SSLCertificateFile = leaf then intermediates (fullchain.pem), SSLCertificateKeyFile = unencrypted key.pem"
        case .tomcat: "a PKCS#12 keystore with the key and the whole chain (certificateKeystoreFile), or PEM files (certificateFile, certificateKeyFile, certificateChainFile)"
        case .iis: "a PFX (PKCS#12) holding the key and the whole chain, with its password"
        }
    }
}

/// The upload checklist of one target: format, order, chain complete, key match, key unencrypted, names and
/// expiry, each problem with the `cert convert` or `cert bundle` command that fixes it.
public enum UploadChecklist {
    /// The items `cert check` found that the checklist keeps (key strength and signatures too: upload forms refuse weak ones).
    private static let kept: Set<String> = ["key-match", "chain-order", "chain-complete", "chain-root", "chain-extra", "chain-trust",
                                            "validity", "validity-chain", "san", "domain", "key-strength", "signature"]
    private static let chainItems: Set<String> = ["chain-order", "chain-complete", "chain-root", "chain-extra"]

    public static func items(for target: UploadTarget, report: CertificateFileCheck.Report, certificatePath: String,
                             keyPath: String?) -> [CheckItem] {
        let convert = "dvtool cert convert \(certificatePath)\(keyPath.map { " \($0)" } ?? "") --out DIR"
            + ([.pkcs12, .jks, .jceks].contains(report.format) || report.items.contains { $0.id == "key-encrypted" } ? " --password-file FILE" : "")
        let bundle = target.formats.contains(.pem)
            ? "dvtool cert bundle --cert \(certificatePath) --out fullchain.pem (leaf, then the intermediates in order; no root)"
            : "\(convert), then dvtool cert bundle --cert DIR/fullchain.pem --out DIR/fullchain.pem --force, then openssl pkcs12 -export -in DIR/fullchain.pem -inkey DIR/key.pem -out site.pfx"
        var items = [formatItem(target, report: report, convert: convert)]
        items += keyItems(target, report: report, convert: convert)
        for var item in report.items where kept.contains(item.id) {
            if chainItems.contains(item.id), item.verdict != .ok { item.fix = bundle }
            items.append(item)
        }
        return items
    }

    private static func formatItem(_ target: UploadTarget, report: CertificateFileCheck.Report, convert: String) -> CheckItem {
        let format = report.format
        if target.formats.contains(format) {
            return CheckItem(id: "upload-format", title: "Format for \(target.rawValue)", verdict: .ok,
                             detail: "\(format.rawValue), which \(target.displayName) takes (\(target.wanted))")
        }
        let fix = target.formats.contains(.pem)
            ? "\(convert) writes DIR/fullchain.pem and DIR/key.pem (unencrypted, mode 600): upload those"
            : "\(convert), then openssl pkcs12 -export -in DIR/fullchain.pem -inkey DIR/key.pem -out site.pfx"
        return CheckItem(id: "upload-format", title: "Format for \(target.rawValue)", verdict: .problem,
                         detail: "\(format.rawValue), which \(target.displayName) does not take (\"certificate format is incorrect\"); it wants \(target.wanted)",
                         fix: fix)
    }

    private static func keyItems(_ target: UploadTarget, report: CertificateFileCheck.Report, convert: String) -> [CheckItem] {
        let title = "Key for \(target.rawValue)"
        guard let key = report.key else {
            if let encrypted = report.items.first(where: { $0.id == "key-encrypted" }) {
                return [CheckItem(id: "upload-key", title: title, verdict: .problem, detail: encrypted.detail,
                                  fix: "\(convert) writes the key unencrypted to DIR/key.pem (mode 600)")]
            }
            return [CheckItem(id: "upload-key", title: title, verdict: .problem,
                              detail: "no private key given: \(target.displayName) needs the key with the certificate",
                              fix: target.keyInsideContainer ? "Build the PFX with the key: openssl pkcs12 -export -in fullchain.pem -inkey key.pem -out site.pfx"
                                                             : "Give the key with --key KEY (the one made with this certificate's CSR)")]
        }
        if target.keyInsideContainer || [.pkcs12, .jks, .jceks].contains(report.format) && !target.formats.contains(.pem) {
            return [CheckItem(id: "upload-key", title: title, verdict: .ok,
                              detail: "\(key.publicKey.description) key inside the \(report.format.rawValue) file, protected by its password (as \(target.displayName) expects)")]
        }
        if key.wasEncrypted {
            return [CheckItem(id: "upload-key", title: title, verdict: .problem,
                              detail: "the key is protected by a password: \(target.displayName) needs it unencrypted" + (report.format == .pem ? "" : " in its own PEM file"),
                              fix: "\(convert) writes the key unencrypted to DIR/key.pem (mode 600)")]
        }
        return [CheckItem(id: "upload-key", title: title, verdict: .ok, detail: "\(key.publicKey.description) key (\(key.encoding)), not encrypted")]
    }
}
