/// The statuses the token server answers with (RFC 9110 reason phrases).
struct ResponseStatus: Equatable, Sendable {
    let code: Int
    let reasonPhrase: String

    static func == (lhs: ResponseStatus, rhs: ResponseStatus) -> Bool { lhs.code == rhs.code }

    static let ok = ResponseStatus(code: 200, reasonPhrase: "OK")
    static let badRequest = ResponseStatus(code: 400, reasonPhrase: "Bad Request")
    static let notFound = ResponseStatus(code: 404, reasonPhrase: "Not Found")
    static let methodNotAllowed = ResponseStatus(code: 405, reasonPhrase: "Method Not Allowed")
    static let requestTimeout = ResponseStatus(code: 408, reasonPhrase: "Request Timeout")
    static let uriTooLong = ResponseStatus(code: 414, reasonPhrase: "URI Too Long")
    static let requestHeaderFieldsTooLarge = ResponseStatus(code: 431, reasonPhrase: "Request Header Fields Too Large")
    static let serviceUnavailable = ResponseStatus(code: 503, reasonPhrase: "Service Unavailable")
    static let httpVersionNotSupported = ResponseStatus(code: 505, reasonPhrase: "HTTP Version Not Supported")
}
