import DVBasics
import FoundationEssentials
import Glibc

/// posix_spawn with stdout and stderr collected through pipes and stdin from `input` (or /dev/null). At the
/// deadline the child gets SIGTERM, then SIGKILL a second later.
enum Spawn {
    /// How long output is still read after the child has ended: a background grandchild may hold the
    /// pipes open for much longer, and the command's own output is complete by then.
    static let outputGrace = Duration.milliseconds(200)

    static func run(_ executable: String, arguments: [String], input: [UInt8]? = nil, timeout: TimeInterval) -> CommandOutput {
        let program = arguments.first ?? executable
        var output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1], feed: [Int32] = [-1, -1]
        // A request of a few lines: it fits the pipe's buffer, so it is written whole before reading the answer.
        if input != nil, !makePipe(&feed) { return failedToStart(program, errno) }
        guard makePipe(&output) else { return failedToStart(program, errno) }
        guard makePipe(&errors) else {
            let code = errno
            close(output[0]); close(output[1])
            return failedToStart(program, code)
        }
        let started = spawn(executable, arguments: arguments, stdin: feed[0], stdout: output[1], stderr: errors[1])
        close(output[1]); close(errors[1])
        if feed[0] >= 0 { close(feed[0]) }
        if let input, feed[1] >= 0, case .success = started {
            _ = input.withUnsafeBytes { write(feed[1], $0.baseAddress, $0.count) }
        }
        if feed[1] >= 0 { close(feed[1]) }
        guard case let .success(pid) = started else {
            close(output[0]); close(errors[0])
            if case let .failure(code) = started { return failedToStart(program, code) }
            return failedToStart(program, EINVAL)
        }
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        var collected = [[UInt8]](repeating: [], count: 2)
        var exit: Int32?
        var readUntil = deadline
        var descriptors = [pollfd(fd: output[0], events: Int16(POLLIN), revents: 0),
                           pollfd(fd: errors[0], events: Int16(POLLIN), revents: 0)]
        while descriptors.contains(where: { $0.fd >= 0 }) && ContinuousClock.now < readUntil {
            // Short slices, so the child's exit is noticed while a grandchild still holds the pipes.
            let slice = min(readUntil - ContinuousClock.now, .milliseconds(100))
            if poll(&descriptors, nfds_t(descriptors.count), Int32((slice / .milliseconds(1)).rounded(.up))) < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in descriptors.indices where descriptors[index].fd >= 0 && descriptors[index].revents != 0 {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = chunk.withUnsafeMutableBytes { read(descriptors[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    collected[index].append(contentsOf: chunk[..<count])
                } else if count == 0 || errno != EINTR {
                    close(descriptors[index].fd)
                    descriptors[index].fd = -1
                }
            }
            if exit == nil, let status = reap(pid, before: nil) {
                exit = status
                readUntil = min(deadline, ContinuousClock.now + outputGrace)
            }
        }
        for descriptor in descriptors where descriptor.fd >= 0 { close(descriptor.fd) }
        // A child may also close its output and keep running: the deadline holds for its exit.
        let status = exit ?? reap(pid, before: deadline)
        return CommandOutput(status: status ?? stop(pid), stdout: String(decoding: collected[0], as: UTF8.self),
                             stderr: String(decoding: collected[1], as: UTF8.self), timedOut: status == nil)
    }

    private enum Started {
        case success(pid_t)
        case failure(Int32)
    }

    /// Starts the child with no blocked signals, default signal handlers and no inherited descriptors
    /// beyond 0-2, whatever this process set up.
    private static func spawn(_ executable: String, arguments: [String], stdin: Int32, stdout: Int32, stderr: Int32) -> Started {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if stdin >= 0 {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        #if canImport(Darwin)
        let closeOthers = POSIX_SPAWN_CLOEXEC_DEFAULT
        #else
        let closeOthers: Int32 = 0
        // glibc 2.34+; Swift's Glibc module does not declare it, so it is looked up by name.
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
        }
        #endif
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | closeOthers))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { environment.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environment)
        return result == 0 ? .success(pid) : .failure(result)
    }

    /// A pipe whose ends are not inherited by other children (dup2 onto 1 and 2 clears the flag in this child).
    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return true
    }

    private static func failedToStart(_ program: String, _ code: Int32) -> CommandOutput {
        CommandOutput(launched: false, status: 126, stderr: "\(program): \(errnoText(code))")
    }

    /// The exit status once the child has ended; nil if it is still running at `deadline`
    /// (with no deadline: right now).
    private static func reap(_ pid: pid_t, before deadline: ContinuousClock.Instant?) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return exitStatus(status) }
            if result < 0 && errno != EINTR { return -1 }
            guard let deadline, ContinuousClock.now < deadline else { return nil }
            usleep(1_000)
        }
    }

    private static func stop(_ pid: pid_t) -> Int32 {
        kill(pid, SIGTERM)
        if let status = reap(pid, before: ContinuousClock.now + .seconds(1)) { return status }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return exitStatus(status)
    }

    /// The exit status, or 128 + the signal that ended the child (as a shell reports it).
    private static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
