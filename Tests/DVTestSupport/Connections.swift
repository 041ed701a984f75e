/// What a connection sent until it closed, as text: `read` returns the next chunk, empty at the end.
public func readUntilClosed<E: Error>(_ read: () throws(E) -> [UInt8]) throws(E) -> String {
    var received: [UInt8] = []
    while true {
        let chunk = try read()
        if chunk.isEmpty { break }
        received += chunk
    }
    return String(decoding: received, as: UTF8.self)
}
