#ifndef CTHISTLE_SQLITE_H
#define CTHISTLE_SQLITE_H

/*
 * The few functions of SQLite's C interface that Thistle's own connections call
 * (Sources/ThistleServer/Platform/Database/SQLiteHandle.swift: quick reads and the writer of rows).
 *
 * They are declared here and defined by the copy of SQLite that sqlite-nio builds into every
 * Thistle binary, whose symbols carry the prefix `sqlite_nio_`. sqlite-nio offers its C target
 * as no product, so it cannot be named as a dependency; linking a second copy of SQLite (the
 * system's, or GRDB's) is not an option: two copies in one process each hold POSIX locks on the
 * same database file, and one copy closing its descriptor drops the other's locks
 * (https://www.sqlite.org/howtocorrupt.html, section 2.2.1). The signatures are SQLite's
 * documented ones (https://www.sqlite.org/c3ref/funclist.html).
 */

typedef struct sqlite3 thistle_sqlite3;
typedef struct sqlite3_stmt thistle_sqlite3_stmt;

enum {
    THISTLE_SQLITE_OK = 0,
    THISTLE_SQLITE_ROW = 100,
    THISTLE_SQLITE_DONE = 101,
    THISTLE_SQLITE_INTEGER = 1,
    THISTLE_SQLITE_FLOAT = 2,
    THISTLE_SQLITE_TEXT = 3,
    THISTLE_SQLITE_BLOB = 4,
    THISTLE_SQLITE_NULL = 5,
    THISTLE_SQLITE_OPEN_READWRITE = 0x00000002,
    THISTLE_SQLITE_OPEN_NOMUTEX = 0x00008000,
    THISTLE_SQLITE_PREPARE_PERSISTENT = 0x01,
};

int sqlite_nio_sqlite3_open_v2(const char *filename, thistle_sqlite3 **db, int flags, const char *vfs);
int sqlite_nio_sqlite3_close_v2(thistle_sqlite3 *db);
int sqlite_nio_sqlite3_busy_timeout(thistle_sqlite3 *db, int ms);
int sqlite_nio_sqlite3_exec(thistle_sqlite3 *db, const char *sql, int (*callback)(void *, int, char **, char **), void *argument,
                            char **error);
int sqlite_nio_sqlite3_extended_errcode(thistle_sqlite3 *db);
int sqlite_nio_sqlite3_db_config(thistle_sqlite3 *db, int option, ...);
const char *sqlite_nio_sqlite3_errmsg(thistle_sqlite3 *db);

int sqlite_nio_sqlite3_prepare_v3(thistle_sqlite3 *db, const char *sql, int bytes, unsigned int flags, thistle_sqlite3_stmt **statement,
                                  const char **tail);
int sqlite_nio_sqlite3_finalize(thistle_sqlite3_stmt *statement);
int sqlite_nio_sqlite3_reset(thistle_sqlite3_stmt *statement);
int sqlite_nio_sqlite3_clear_bindings(thistle_sqlite3_stmt *statement);
int sqlite_nio_sqlite3_step(thistle_sqlite3_stmt *statement);

int sqlite_nio_sqlite3_bind_int64(thistle_sqlite3_stmt *statement, int index, long long value);
int sqlite_nio_sqlite3_bind_double(thistle_sqlite3_stmt *statement, int index, double value);
int sqlite_nio_sqlite3_bind_null(thistle_sqlite3_stmt *statement, int index);
int sqlite_nio_sqlite3_bind_text(thistle_sqlite3_stmt *statement, int index, const char *text, int bytes, void (*destructor)(void *));
int sqlite_nio_sqlite3_bind_blob(thistle_sqlite3_stmt *statement, int index, const void *bytes, int count, void (*destructor)(void *));

int sqlite_nio_sqlite3_column_count(thistle_sqlite3_stmt *statement);
const char *sqlite_nio_sqlite3_column_name(thistle_sqlite3_stmt *statement, int column);
int sqlite_nio_sqlite3_column_type(thistle_sqlite3_stmt *statement, int column);
long long sqlite_nio_sqlite3_column_int64(thistle_sqlite3_stmt *statement, int column);
double sqlite_nio_sqlite3_column_double(thistle_sqlite3_stmt *statement, int column);
const unsigned char *sqlite_nio_sqlite3_column_text(thistle_sqlite3_stmt *statement, int column);
const void *sqlite_nio_sqlite3_column_blob(thistle_sqlite3_stmt *statement, int column);
int sqlite_nio_sqlite3_column_bytes(thistle_sqlite3_stmt *statement, int column);

/* The query planner stability guarantee (SQLITE_DBCONFIG_ENABLE_QPSG): a statement keeps the plan
 * it was prepared with. Without it, SQLite marks a statement whose plan a bound value might improve
 * (a parameter compared with a column, say) to be prepared again whenever that value changes, which
 * is every time for a statement kept prepared and run with new keys. */
static inline int thistle_sqlite3_keep_plans(thistle_sqlite3 *db) {
    return sqlite_nio_sqlite3_db_config(db, 1007, 1, (int *)0);
}

int sqlite_nio_sqlite3_wal_checkpoint_v2(thistle_sqlite3 *db, const char *schema, int mode, int *log, int *checkpointed);
void *sqlite_nio_sqlite3_wal_hook(thistle_sqlite3 *db, int (*hook)(void *, thistle_sqlite3 *, const char *, int), void *argument);

static int thistle_sqlite3_note_wal_pages(void *pages, thistle_sqlite3 *db, const char *schema, int count) {
    (void)db;
    (void)schema;
    *(int *)pages = count;
    return 0;
}

/* After each commit on `db`, writes the number of pages in the write-ahead log to `pages`. This
 * replaces the automatic checkpoint on that connection (https://www.sqlite.org/c3ref/wal_hook.html):
 * its owner checkpoints instead, when it chooses. */
static inline void thistle_sqlite3_count_wal_pages(thistle_sqlite3 *db, int *pages) {
    sqlite_nio_sqlite3_wal_hook(db, thistle_sqlite3_note_wal_pages, pages);
}

/* Copies what it can of the write-ahead log into the database without waiting for any reader or
 * writer (SQLITE_CHECKPOINT_PASSIVE). */
static inline int thistle_sqlite3_checkpoint_passive(thistle_sqlite3 *db) {
    return sqlite_nio_sqlite3_wal_checkpoint_v2(db, (const char *)0, 0, (int *)0, (int *)0);
}

/* SQLite copies the value before the call returns (SQLITE_TRANSIENT). */
static inline int thistle_sqlite3_bind_text_copied(thistle_sqlite3_stmt *statement, int index, const char *text, int bytes) {
    return sqlite_nio_sqlite3_bind_text(statement, index, text, bytes, (void (*)(void *))-1);
}

static inline int thistle_sqlite3_bind_blob_copied(thistle_sqlite3_stmt *statement, int index, const void *bytes, int count) {
    return sqlite_nio_sqlite3_bind_blob(statement, index, bytes, count, (void (*)(void *))-1);
}

#endif
