/// The request target of a token request, checked and reduced to one canonical URL path.
///
/// Strict by design: the server only ever serves a handful of short ASCII names, so anything that
/// could be a traversal or smuggling attempt is refused before any lookup happens.
public enum RequestPath {
    /// Why a request target was refused; every case answers 400.
    public enum Rejection: String, Error, Sendable {
        case notOriginForm = "the target does not start with /"
        case fragment = "the target contains #"
        case badPercentEncoding = "malformed percent-encoding"
        case forbiddenByte = "control, space, backslash or non-ASCII byte"
        case encodedSeparator = "percent-encoded /, \\, % or control byte"
        case dotSegment = "a . or .. segment"
        case emptySegment = "an empty segment (//)"
        case tooLong = "the path is too long"
    }

    public static let maximumLength = 1024

    /// The canonical path ("/a/b", query dropped, unreserved percent-escapes decoded) or why it was refused.
    public static func canonical(_ target: String) -> Result<String, Rejection> {
        if let result = target.utf8.withContiguousStorageIfAvailable({ canonical($0, original: target) }) {
            return result
        }
        return Array(target.utf8).withUnsafeBufferPointer { canonical($0, original: target) }
    }

    /// Runs once per request: a plain path comes back as `original` (or its slice before "?"),
    /// and a decoded copy is made only once a percent-escape shows up.
    private static func canonical(_ target: UnsafeBufferPointer<UInt8>, original: String) -> Result<String, Rejection> {
        let pathEnd = target.firstIndex(of: UInt8(ascii: "?")) ?? target.count
        // The query is dropped, but its bytes obey the same rules: a bare CR or NUL anywhere in the
        // request line is a request that a proxy in front may split differently.
        for byte in target[pathEnd...] {
            switch byte {
            case UInt8(ascii: "#"): return .failure(.fragment)
            case UInt8(ascii: "\\"), 0...0x20, 0x7F...: return .failure(.forbiddenByte)
            default: continue
            }
        }
        let path = UnsafeBufferPointer(rebasing: target[..<pathEnd])
        guard path.first == UInt8(ascii: "/") else { return .failure(.notOriginForm) }
        guard path.count <= maximumLength else { return .failure(.tooLong) }
        var decoded: [UInt8]?
        var index = 0
        while index < path.count {
            let byte = path[index]
            switch byte {
            case UInt8(ascii: "#"):
                return .failure(.fragment)
            case UInt8(ascii: "\\"), 0...0x20, 0x7F...:
                return .failure(.forbiddenByte)
            case UInt8(ascii: "%"):
                guard index + 2 < path.count, let high = hexValue(path[index + 1]), let low = hexValue(path[index + 2]) else {
                    return .failure(.badPercentEncoding)
                }
                let value = high << 4 | low
                switch value {
                case UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: "%"), 0...0x20, 0x7F...:
                    return .failure(.encodedSeparator)
                default:
                    if decoded == nil { decoded = Array(path[..<index]) }
                    decoded!.append(value)
                }
                index += 3
                continue
            default:
                decoded?.append(byte)
            }
            index += 1
        }
        if let decoded {
            if let rejection = segmentRejection(decoded) { return .failure(rejection) }
            return .success(String(decoding: decoded, as: UTF8.self))
        }
        if let rejection = segmentRejection(path) { return .failure(rejection) }
        return .success(pathEnd == target.count ? original : String(decoding: path, as: UTF8.self))
    }

    /// Segments: no "", ".", ".." anywhere (a trailing "/" leaves an empty last segment: a directory).
    private static func segmentRejection<Path: RandomAccessCollection<UInt8>>(_ path: Path) -> Rejection? where Path.Index == Int {
        var segmentStart = 1
        var position = 1
        while position <= path.count {
            if position == path.count || path[position] == UInt8(ascii: "/") {
                let length = position - segmentStart
                let isLast = position == path.count
                if length == 0 && !isLast { return .emptySegment }
                if length == 1 && path[segmentStart] == UInt8(ascii: ".") { return .dotSegment }
                if length == 2 && path[segmentStart] == UInt8(ascii: ".") && path[segmentStart + 1] == UInt8(ascii: ".") {
                    return .dotSegment
                }
                segmentStart = position + 1
            }
            position += 1
        }
        return nil
    }

    /// The two directories certbot and lego write challenge files into, relative to a webroot.
    public static let challengeDirectories = ["/.well-known/acme-challenge/", "/.well-known/pki-validation/"]

    /// For a canonical path: the file name when it is exactly one level below a challenge directory
    /// and is not a hidden file, else nil.
    public static func challengeFileName(_ path: String) -> (directory: String, name: String)? {
        for directory in challengeDirectories where path.hasPrefix(directory) {
            let name = path.dropFirst(directory.count)
            guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else { return nil }
            return (String(directory.dropFirst().dropLast()), String(name))
        }
        return nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
