import Glibc

/// Whole-file reads with the system's own words for what went wrong ("No such file or directory").
public enum FileBytes {
    public struct ReadError: Error, CustomStringConvertible {
        public let code: Int32
        public var description: String { errnoText(code) }
        public var fileIsMissing: Bool { code == ENOENT }
    }

    public static func read(_ path: String) throws(ReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(code: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(code: errno)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }
}

/// read(2); `read` inside `FileBytes` means `FileBytes.read`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// write(2) until every byte is out or the descriptor fails (a closed pipe, a full disk): output that
/// cannot be written is dropped rather than retried forever. False on failure, with `errno` set.
@discardableResult
public func writeAll(_ bytes: [UInt8], to fileDescriptor: Int32) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(fileDescriptor, $0.baseAddress, $0.count) }
        if written < 0 && errno == EINTR { continue }
        if written <= 0 { return false }
        offset += written
    }
    return true
}
