#!/usr/bin/env bash
# The store is the only owner of SQL: no file under src/ outside src/store/
# includes sqlite3.h, calls a sqlite3_ function or reaches the store's raw
# connection. Prints each offending line and fails.
set -u
src="$1/src"
found=$(grep -rEn --include='*.c' --include='*.h' \
          -e '#[[:space:]]*include[[:space:]]*[<"]sqlite3\.h[>"]' \
          -e '\bsqlite3_[a-z_]+[[:space:]]*\(' \
          -e '\bcbz_store_get_handle\b' \
          -e '"cbz-store-private\.h"' \
          "$src" | grep -v "^$src/store/" || true)
if [ -n "$found" ]; then
  echo "These lines outside src/store/ use sqlite or the store's raw connection;"
  echo "move the SQL into a typed function of the store:"
  printf '%s\n' "$found"
  exit 1
fi
echo "ok: only src/store/ runs SQL"
