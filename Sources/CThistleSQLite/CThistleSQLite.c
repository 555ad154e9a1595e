/* Declarations only (include/CThistleSQLite.h): SQLite itself is sqlite-nio's copy. */
#include "CThistleSQLite.h"
