import DVBasics

/// What went wrong in a hook before or around the gate: the client's arguments or environment (bad input, exit 2),
/// or a state directory or webroot file that could not be written (could not run, exit 3).
public typealias HookError = UserFailure
