internal import COpenSSL

/// Reads OpenSSL's per-thread error queue into Swift strings: the one reader for DVCrypto and DVTLS.
/// OpenSSL keeps errors per thread: read right after the failing call, on the same thread.
package enum OpenSSLErrors {
    package struct Entry {
        /// The reason alone, e.g. "wrong version number".
        package var reason: String
        /// The full line, e.g. "error:0A00010B:SSL routines::wrong version number".
        package var text: String
    }

    /// Empties the queue and returns its entries, oldest first.
    package static func drain() -> [Entry] {
        var entries: [Entry] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let reason = ERR_reason_error_string(code).map { String(cString: $0) } ?? text
            entries.append(Entry(reason: reason, text: text))
        }
        return entries
    }

    package static func clear() { ERR_clear_error() }

    /// The most useful reason in the queue (the first one OpenSSL pushed), or nil.
    package static func firstReason() -> String? { drain().first?.reason }
}
