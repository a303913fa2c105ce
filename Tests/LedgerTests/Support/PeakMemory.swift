import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program to completion with its output discarded and returns its exit status and peak
/// resident memory (getrusage's ru_maxrss, in KiB).
func runMeasuringPeakMemory(_ executable: String, _ args: [String]) -> (status: Int32, peakKiB: Int) {
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  let argv = ([executable] + args).map { strdup($0) } + [nil]
  defer { for p in argv { free(p) } }
  var env = ProcessInfo.processInfo.environment
  env.removeValue(forKey: "LEDGER_DB")
  let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
  defer { for p in envp { free(p) } }
  var pid: pid_t = 0
  let rc = posix_spawn(&pid, executable, &actions, nil, argv, envp)
  precondition(rc == 0, "posix_spawn failed: \(rc)")
  var status: Int32 = 0
  var usage = rusage()
  _ = wait4(pid, &status, 0, &usage)
  let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
  return (exit, Int(usage.ru_maxrss))
}
