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
        var utf8 = Array(target.utf8)
        if let question = utf8.firstIndex(of: UInt8(ascii: "?")) { utf8.removeSubrange(question...) }
        guard utf8.first == UInt8(ascii: "/") else { return .failure(.notOriginForm) }
        guard utf8.count <= maximumLength else { return .failure(.tooLong) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            switch byte {
            case UInt8(ascii: "#"):
                return .failure(.fragment)
            case UInt8(ascii: "\\"), 0...0x20, 0x7F...:
                return .failure(.forbiddenByte)
            case UInt8(ascii: "%"):
                guard index + 2 < utf8.count, let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2]) else {
                    return .failure(.badPercentEncoding)
                }
                let value = high << 4 | low
                switch value {
                case UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: "%"), 0...0x20, 0x7F...:
                    return .failure(.encodedSeparator)
                default:
                    decoded.append(value)
                }
                index += 3
                continue
            default:
                decoded.append(byte)
            }
            index += 1
        }
        // Segments: no "", ".", ".." anywhere (a trailing "/" leaves an empty last segment: a directory).
        var segmentStart = 1
        var position = 1
        while position <= decoded.count {
            if position == decoded.count || decoded[position] == UInt8(ascii: "/") {
                let length = position - segmentStart
                let isLast = position == decoded.count
                if length == 0 && !isLast { return .failure(.emptySegment) }
                if length == 1 && decoded[segmentStart] == UInt8(ascii: ".") { return .failure(.dotSegment) }
                if length == 2 && decoded[segmentStart] == UInt8(ascii: ".") && decoded[segmentStart + 1] == UInt8(ascii: ".") {
                    return .failure(.dotSegment)
                }
                segmentStart = position + 1
            }
            position += 1
        }
        return .success(String(decoding: decoded, as: UTF8.self))
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
