import Glibc

/// Collects output in 64 KiB blocks for one file descriptor: one write(2) per block instead of one per line.
/// A value type without a lock: whoever shares one across threads guards it (the CLI's terminal does).
/// Inlinable: `idn` writes several pieces per name, and a call across modules per piece showed in its rate.
public struct BufferedWriter: Sendable {
    public static let blockSize = 1 << 16

    public let fileDescriptor: Int32
    @usableFromInline var buffer: [UInt8] = []

    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        buffer.reserveCapacity(Self.blockSize)
    }

    @inlinable
    public mutating func write(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.blockSize { flush() }
    }

    @inlinable
    public mutating func write(_ text: String) { write(text.utf8) }

    @inlinable
    public mutating func byte(_ value: UInt8) { buffer.append(value) }

    /// Appends a JSON string literal (see `JSONEscaping`) straight into the block.
    @inlinable
    public mutating func jsonString(_ utf8: some Collection<UInt8>, style: JSONEscaping.Style = .encoder) {
        JSONEscaping.appendString(utf8, to: &buffer, style: style)
        if buffer.count >= Self.blockSize { flush() }
    }

    /// The errno of the first write the descriptor refused (EPIPE: its reader is gone); nil while all went out.
    public private(set) var refusal: Int32?
    /// The refusal was EPIPE: nobody reads the descriptor any more.
    public var readerIsGone: Bool { refusal == EPIPE }

    /// Writes what is buffered; output the descriptor refuses (a closed pipe) is dropped, and `refusal` says why.
    public mutating func flush() {
        errno = 0
        // A write(2) of nothing sets no errno: EIO then, never an errno left from something else.
        if !writeAll(buffer, to: fileDescriptor), refusal == nil { refusal = errno == 0 ? EIO : errno }
        buffer.removeAll(keepingCapacity: true)
    }
}
