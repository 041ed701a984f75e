import Glibc

/// errno's own text ("Connection refused"), of the current errno unless a saved code is given: the one
/// spelling of strerror, so no message shows a bare number.
public func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
