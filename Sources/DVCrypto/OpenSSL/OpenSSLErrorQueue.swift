// The OpenSSL error queue, read into Swift strings. Only files in this folder import COpenSSL.
internal import COpenSSL

enum OpenSSLErrorQueue {
    /// Pops every entry of this thread's queue, oldest first, as OpenSSL's "error:…" strings.
    static func drain() -> [String] {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            let text = buffer.withUnsafeMutableBufferPointer { pointer -> String in
                ERR_error_string_n(code, pointer.baseAddress, pointer.count)
                return String(cString: pointer.baseAddress!)
            }
            messages.append(text)
        }
        return messages
    }

    static func clear() { ERR_clear_error() }
}
