import Glibc

/// Cached IMF-fixdate for the Date header, refreshed once a second.
struct HTTPDate {
    private var second: time_t = 0
    private var text = ""

    mutating func current() -> String {
        var now = time(nil)
        if now != second {
            second = now
            var parts = tm()
            gmtime_r(&now, &parts)
            var buffer = [CChar](repeating: 0, count: 64)
            let count = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
            text = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return text
    }
}
