import NIOCore

/// Cuts request heads out of the bytes a connection receives, enforcing the request-line and head size
/// limits; hands each head on whole, once its empty line has arrived. Request bodies are never read.
struct HeadFramer {
    enum Next {
        case head(ByteBuffer)
        /// The bytes ran out inside a head (or before one began).
        case needMore
        case tooLarge(ResponseStatus)
    }

    private let limits: ServerLimits
    /// The start of a head that has not ended yet (bounded by the head size limit).
    private var partialHead: ByteBuffer?
    /// Bytes seen in the current head and the current line (CR not counted), and the current line's number.
    private var headBytes = 0
    private var lineBytes = 0
    private var lineIndex = 0

    init(limits: ServerLimits) { self.limits = limits }

    /// A head has begun and not ended: a timeout now is a slow client (408), not an idle one.
    var isInHead: Bool { headBytes > 0 }

    /// The next head from `buffer` (consuming it), or why there is none.
    mutating func next(from buffer: inout ByteBuffer) -> Next {
        guard buffer.readableBytes > 0 else { return .needMore }
        switch scan(buffer) {
        case let .headEnds(length):
            var head = buffer.readSlice(length: length)!
            if var partial = partialHead.take() {
                partial.writeBuffer(&head)
                head = partial
            }
            (headBytes, lineBytes, lineIndex) = (0, 0, 0)
            return .head(head)
        case .needMore:
            if partialHead == nil {
                partialHead = buffer
            } else {
                partialHead!.writeBuffer(&buffer)
            }
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return .needMore
        case let .tooLarge(status):
            partialHead = nil
            return .tooLarge(status)
        }
    }

    private enum ScanOutcome { case headEnds(Int), needMore, tooLarge(ResponseStatus) }

    /// Walks the bytes of the current head: line lengths, head length, its end at an empty line.
    private mutating func scan(_ buffer: ByteBuffer) -> ScanOutcome {
        let limits = self.limits
        var lineBytes = self.lineBytes, headBytes = self.headBytes, lineIndex = self.lineIndex
        defer { (self.lineBytes, self.headBytes, self.lineIndex) = (lineBytes, headBytes, lineIndex) }
        return buffer.withUnsafeReadableBytes { bytes in
            for index in 0..<bytes.count {
                let byte = bytes[index]
                headBytes += 1
                if headBytes > limits.headerBytes { return .tooLarge(.requestHeaderFieldsTooLarge) }
                if byte == 0x0A {
                    if lineBytes == 0 {
                        if lineIndex > 0 { return .headEnds(index + 1) }
                        // Blank lines before the request line are tolerated (RFC 9112 §2.2), within the head limit.
                    } else {
                        lineIndex += 1
                        lineBytes = 0
                    }
                } else if byte != 0x0D {
                    lineBytes += 1
                    if lineIndex == 0 && lineBytes > limits.requestLineBytes { return .tooLarge(.uriTooLong) }
                }
                if lineIndex > limits.headerFields + 1 { return .tooLarge(.requestHeaderFieldsTooLarge) }
            }
            return .needMore
        }
    }
}
