#include <sqlite3.h>
#include "CLedgerSQLite.h"

int ledger_sqlite_memstatus_off(void) {
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int ledger_sqlite_sorter_pages(int pages) {
  return sqlite3_config(SQLITE_CONFIG_PMASZ, (unsigned int)pages);
}

// MARK: - A small-block cache in front of malloc for SQLite

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// Debian builds SQLite without lookaside memory (SQLITE_OMIT_LOOKASIDE), so every statement
// step allocates and frees a dozen small blocks (cursors, records, unpacked keys) through
// malloc. Each thread keeps a short free list per size class of what it freed and hands those
// blocks out again; anything else goes to malloc and free. A block may be freed on another
// thread than the one that allocated it: it then joins that thread's lists. The lists are
// bounded (CACHE_DEPTH blocks a class) and handed back to malloc when the thread ends.

#define HEADER 16            // keeps SQLite's 8-byte alignment, and more
#define CLASS_BYTES 32       // size classes 32, 64, ... MAX_CACHED
#define MAX_CACHED 1024
#define CLASSES (MAX_CACHED / CLASS_BYTES)
#define CACHE_DEPTH 32

typedef struct Block { struct Block *next; } Block;
typedef struct {
  Block *head[CLASSES];
  int count[CLASSES];
} Cache;

static __thread Cache *cache;
static pthread_key_t cacheKey;

static void releaseCache(void *p) {
  Cache *c = p;
  for (int k = 0; k < CLASSES; k++) {
    for (Block *b = c->head[k]; b;) {
      Block *next = b->next;
      free((char *)b - HEADER);
      b = next;
    }
  }
  free(c);
  cache = NULL;  // a free later in this thread's exit starts a new cache (and destructor)
}

static Cache *threadCache(void) {
  if (cache) return cache;
  cache = calloc(1, sizeof(Cache));
  if (cache) pthread_setspecific(cacheKey, cache);
  return cache;
}

static int roundUp(int n) {
  if (n <= 0) n = 1;
  if (n <= MAX_CACHED) return (n + CLASS_BYTES - 1) / CLASS_BYTES * CLASS_BYTES;
  return (n + 7) & ~7;
}

static void *blockMalloc(int n) {
  int size = roundUp(n);
  if (size <= MAX_CACHED) {
    Cache *c = threadCache();
    int k = size / CLASS_BYTES - 1;
    if (c && c->head[k]) {
      Block *b = c->head[k];
      c->head[k] = b->next;
      c->count[k]--;
      return b;
    }
  }
  char *p = malloc((size_t)size + HEADER);
  if (!p) return NULL;
  *(int *)p = size;
  return p + HEADER;
}

static void blockFree(void *q) {
  if (!q) return;
  char *p = (char *)q - HEADER;
  int size = *(int *)p;
  if (size <= MAX_CACHED) {
    Cache *c = threadCache();
    int k = size / CLASS_BYTES - 1;
    if (c && c->count[k] < CACHE_DEPTH) {
      Block *b = q;
      b->next = c->head[k];
      c->head[k] = b;
      c->count[k]++;
      return;
    }
  }
  free(p);
}

static int blockSize(void *q) { return q ? *(int *)((char *)q - HEADER) : 0; }

static void *blockRealloc(void *q, int n) {
  if (!q) return blockMalloc(n);
  int old = blockSize(q);
  if (roundUp(n) == old) return q;
  void *r = blockMalloc(n);
  if (!r) return NULL;
  memcpy(r, q, (size_t)(old < n ? old : n));
  blockFree(q);
  return r;
}

static int blockInit(void *unused) {
  (void)unused;
  return pthread_key_create(&cacheKey, releaseCache) == 0 ? SQLITE_OK : SQLITE_NOMEM;
}

static void blockShutdown(void *unused) { (void)unused; }

int ledger_sqlite_block_cache(void) {
  static const sqlite3_mem_methods methods = {
    blockMalloc, blockFree, blockRealloc, blockSize, roundUp, blockInit, blockShutdown, NULL,
  };
  return sqlite3_config(SQLITE_CONFIG_MALLOC, &methods);
}
