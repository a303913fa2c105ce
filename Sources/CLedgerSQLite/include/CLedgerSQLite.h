#ifndef CLEDGERSQLITE_H
#define CLEDGERSQLITE_H

/// Turns SQLite's memory statistics off for the whole process (SQLITE_CONFIG_MEMSTATUS 0).
/// SQLite then takes no global lock at each allocation and free. It must run before SQLite is
/// initialized (before the process opens its first connection); later it does nothing and
/// returns SQLITE_MISUSE. sqlite3_config is variadic, which Swift cannot call: hence this file.
int ledger_sqlite_memstatus_off(void);

/// The least memory, in pages, SQLite's sorter fills before it writes a sorted run to a
/// temporary file (SQLITE_CONFIG_PMASZ; 250 pages by default, whatever their size). Same
/// conditions as above.
int ledger_sqlite_sorter_pages(int pages);

/// Lets file names be URIs (`file:...?immutable=1`) on every connection (SQLITE_CONFIG_URI).
/// Same conditions as above.
int ledger_sqlite_uri_on(void);

#endif
