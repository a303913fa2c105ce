import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A file written beside its target and renamed into place once complete, so that a reader of
/// the target never sees half of it. The partial file is `.NAME.part`, locked while it is
/// written: a writer killed at any moment leaves it to the next writer of the same target, which
/// takes it over (the lock went with the process), so no partial file stays behind for good.
/// While another process holds it, the writer gets one of its own, `.NAME.UUID.part`.
public enum PartialFile {
  public struct Failure: Error, Sendable {
    /// The file that could not be opened or written.
    public var path: String
    /// The system's reason.
    public var reason: String
  }

  /// An empty partial file beside `target`, open for writing (the folder must exist).
  public static func open(beside target: URL) throws(Failure) -> (URL, FileHandle) {
    let folder = target.deletingLastPathComponent()
    for name in [".\(target.lastPathComponent).part", ".\(target.lastPathComponent).\(UUID().uuidString).part"] {
      let path = folder.appendingPathComponent(name)
      // Opened without truncating: the file may be another process's write in progress.
      let fd = Glibc.open(path.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
      guard fd >= 0 else { throw Failure(path: path.path, reason: String(cString: strerror(errno))) }
      // Locked, and still the file of that name: one another writer renamed into place between
      // the open and the lock is not taken.
      var opened = stat()
      var named = stat()
      guard flock(fd, LOCK_EX | LOCK_NB) == 0, fstat(fd, &opened) == 0, stat(path.path, &named) == 0,
        opened.st_ino == named.st_ino, opened.st_dev == named.st_dev
      else {
        close(fd)
        continue
      }
      guard ftruncate(fd, 0) == 0 else {
        let reason = String(cString: strerror(errno))
        close(fd)
        throw Failure(path: path.path, reason: reason)
      }
      return (path, FileHandle(fileDescriptor: fd, closeOnDealloc: true))
    }
    throw Failure(path: folder.path, reason: "no partial file is free")
  }
}
