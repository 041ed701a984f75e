/// A private key opened from a file: its public description, its alias in a keystore, and the key itself as
/// unencrypted PKCS#8 PEM, which only `cert convert` writes (to a mode 600 file). The secret reaches no output:
/// the type is not Encodable, its descriptions and mirror leave the key out, and the PEM is internal to DVTLS.
public struct PrivateKeyMaterial: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var info: PrivateKeyInfo
    /// The keystore alias (JKS alias, PKCS#12 friendlyName); nil when the file has none.
    public var alias: String?
    let unencryptedPEM: String

    init(info: PrivateKeyInfo, alias: String?, unencryptedPEM: String) {
        self.info = info
        self.alias = alias
        self.unencryptedPEM = unencryptedPEM
    }

    public var description: String { "\(info.publicKey.description) private key" + (alias.map { " (alias \($0))" } ?? "") }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["info": info, "alias": alias as Any]) }
}
