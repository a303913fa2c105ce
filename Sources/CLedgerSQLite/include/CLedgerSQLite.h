#ifndef CLEDGERSQLITE_H
#define CLEDGERSQLITE_H

/// Turns SQLite's memory statistics off for the whole process (SQLITE_CONFIG_MEMSTATUS 0).
/// SQLite then takes no global lock at each allocation and free. It must run before SQLite is
/// initialized (before the process opens its first connection); later it does nothing and
/// returns SQLITE_MISUSE. sqlite3_config is variadic, which Swift cannot call: hence this file.
int ledger_sqlite_memstatus_off(void);

#endif
