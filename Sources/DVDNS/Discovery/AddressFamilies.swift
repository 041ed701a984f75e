/// Which address families a check asks: both (the default), or only one (`-4`, `-6`).
public enum AddressFamilies: Sendable, Hashable {
    case both, ipv4Only, ipv6Only

    /// Nil when `ip` is asked; otherwise why not.
    public func exclusion(of ip: IPAddress) -> String? {
        switch self {
        case .both: nil
        case .ipv4Only: ip.isIPv6 ? "IPv6 left out by -4" : nil
        case .ipv6Only: ip.isIPv6 ? nil : "IPv4 left out by -6"
        }
    }
}
