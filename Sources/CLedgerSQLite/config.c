#include <sqlite3.h>
#include "CLedgerSQLite.h"

int ledger_sqlite_memstatus_off(void) {
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int ledger_sqlite_sorter_pages(int pages) {
  return sqlite3_config(SQLITE_CONFIG_PMASZ, (unsigned int)pages);
}

int ledger_sqlite_uri_on(void) {
  return sqlite3_config(SQLITE_CONFIG_URI, 1);
}
