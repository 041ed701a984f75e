extension Duration {
    /// The duration in seconds with its fraction: rates, and elapsed times in reports.
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// The duration in milliseconds with its fraction: fetch and round-trip times.
    public var inMilliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}
