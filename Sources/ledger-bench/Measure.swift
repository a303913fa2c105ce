import ArgumentParser
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// `ledger-bench measure PROGRAM ARGS…`: runs a program with its output discarded and prints
/// `STATUS SECONDS PEAK_KIB` on one line.
///
/// The peak is the program's own. A process started by `posix_spawn` (or fork) inherits, in
/// Linux's accounting, the peak resident memory of the process that started it: `ru_maxrss`
/// of a program spawned by a large process (a test runner, a benchmark that has just generated
/// its inputs) reports the parent's peak. Run through this small process instead, the figure
/// read from `RUSAGE_CHILDREN` is the larger of this process's few MiB and the program's peak.
struct Measure: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a program and print its exit status, wall time in seconds and peak memory in KiB.",
    shouldDisplay: false)

  @Argument(parsing: .captureForPassthrough, help: "The program (a path) and its arguments.") var command: [String]

  func run() throws {
    guard let executable = command.first else { throw ValidationError("Give the program to run.") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = command.map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { throw ValidationError("cannot run \(executable)") }
    var status: Int32 = 0
    var rc: pid_t
    repeat { rc = waitpid(pid, &status, 0) } while rc == -1 && errno == EINTR
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    print("\(exit) \(String(format: "%.6f", seconds)) \(usage.ru_maxrss)")
  }
}
