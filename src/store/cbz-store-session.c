/* cbz-store-session.c: which opens need the full integrity check
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PRAGMA integrity_check reads the whole file: seconds on a big portfolio.
 * sqlite keeps the file whole through crashes by itself, so the check is
 * for what it cannot vouch for: a crash of the program or the machine in
 * the middle of work (a disk or file system that lost writes shows up
 * then), a file changed by some other program, and a new version of
 * Cobranza meeting a file for the first time. Those opens check fully; every
 * other open checks the header and the schema only (cbz-store-integrity.c).
 *
 * How "a program had the file open and ended without closing it" is known,
 * with the app and the command line opening the same file at once, and
 * after kill -9 or a power cut: next to the file, in "<file>-sessions/",
 *
 *   - every open registers a session file ("open-<pid>-<random>") and holds
 *     an exclusive flock() on it until it closes, then deletes it. The
 *     kernel drops the lock when the process ends, however it ends, but
 *     the file stays: a session file nobody holds a lock on belongs to a
 *     program that ended without closing the portfolio. Whoever finds one
 *     (at open, at close, when a check passes) deletes it and marks the
 *     portfolio unsound. Creating the session file is made durable
 *     (fsync of the folder) before the database is opened, so a power cut
 *     leaves it behind too.
 *   - "state" (a key file, replaced atomically) holds whether the file is
 *     known sound, which version of Cobranza last vouched for it, a count
 *     of unclean ends found so far, and, written by the last session to
 *     close cleanly, the file as it left it (size, modification time,
 *     inode, size of the -wal file and a digest of the sqlite header). The
 *     first open after that compares: any difference means something else
 *     wrote to the file, so it is checked fully.
 *   - "lock" is held (flock, briefly) around every read-modify-write of the
 *     folder, so opens, closes and sweeps of several processes do not
 *     interleave.
 *
 * A full check that passes marks the file sound again, unless an unclean
 * end was found after that session opened (the check may have run before
 * the crash it should cover). When the folder cannot be kept (a read-only
 * folder, another user's files), every open checks fully.
 *
 * Nothing here writes to the database file itself: the record is what
 * decides whether the database may be written before a full check.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cbz-store-session-private.h"

#define DIR_SUFFIX "-sessions"
#define STATE_NAME "state"
#define GUARD_NAME "lock"
#define SESSION_PREFIX "open-"
/* The guard is held for a few file operations; a program stopped while
 * holding it must not hang every other open. */
#define GUARD_TIMEOUT_US (5 * G_USEC_PER_SEC)
#define SQLITE_HEADER_SIZE 100

#define GROUP_FILE "portfolio"
#define GROUP_CLOSED "closed"

struct _CbzStoreSession
{
  char    *db_path;
  char    *dir;
  char    *own_name;      /* NULL when this open is not tracked */
  int      own_fd;        /* flock'd for the session's life */
  guint64  unclean_seen;  /* the unclean count when this session opened */
};

/* The file as the last session to close left it. */
typedef struct
{
  gint64  size;
  gint64  mtime_ns;
  guint64 inode;
  gint64  wal_size;
  char   *header_digest;
} Identity;

typedef struct
{
  gboolean  known;        /* a state file was read */
  gboolean  sound;
  char     *checked_by;   /* PACKAGE_VERSION that last vouched for the file */
  char     *reason;       /* why it is unsound: "unclean", "unknown", "upgrade" */
  guint64   unclean;
  gboolean  has_identity;
  Identity  closed;
} State;

static void
identity_clear (Identity *identity)
{
  g_clear_pointer (&identity->header_digest, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Identity, identity_clear)

static void
state_clear (State *state)
{
  g_clear_pointer (&state->checked_by, g_free);
  g_clear_pointer (&state->reason, g_free);
  identity_clear (&state->closed);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (State, state_clear)

char *
_cbz_store_session_dir_for (const char *db_path)
{
  return g_strconcat (db_path, DIR_SUFFIX, NULL);
}

char *
_cbz_store_session_state_path (const char *db_path)
{
  g_autofree char *dir = _cbz_store_session_dir_for (db_path);

  return g_build_filename (dir, STATE_NAME, NULL);
}

static gboolean
read_identity (const char *db_path,
               Identity   *identity)
{
  g_autofree char *wal_path = g_strconcat (db_path, "-wal", NULL);
  guchar header[SQLITE_HEADER_SIZE] = { 0 };
  struct stat st;
  ssize_t n;
  int fd;

  fd = g_open (db_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  if (fstat (fd, &st) != 0)
    {
      close (fd);
      return FALSE;
    }
  n = read (fd, header, sizeof header);
  close (fd);
  if (n < 0)
    return FALSE;

  identity->size = st.st_size;
  identity->mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  identity->inode = st.st_ino;
  identity->wal_size = g_stat (wal_path, &st) == 0 ? st.st_size : 0;
  g_free (identity->header_digest);
  identity->header_digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, header, (gsize) n);
  return TRUE;
}

static gboolean
identity_equal (const Identity *a,
                const Identity *b)
{
  return a->size == b->size && a->mtime_ns == b->mtime_ns && a->inode == b->inode &&
         a->wal_size == b->wal_size && g_strcmp0 (a->header_digest, b->header_digest) == 0;
}

static void
read_state (const char *dir,
            State      *state)
{
  g_autofree char *path = g_build_filename (dir, STATE_NAME, NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  memset (state, 0, sizeof *state);
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_debug ("Could not read %s (%s); the portfolio will be checked fully", path, error->message);
      return;
    }

  state->known = TRUE;
  state->sound = g_key_file_get_boolean (file, GROUP_FILE, "sound", NULL);
  state->checked_by = g_key_file_get_string (file, GROUP_FILE, "checked-by", NULL);
  state->reason = g_key_file_get_string (file, GROUP_FILE, "reason", NULL);
  state->unclean = g_key_file_get_uint64 (file, GROUP_FILE, "unclean", NULL);

  state->closed.header_digest = g_key_file_get_string (file, GROUP_CLOSED, "header-sha256", NULL);
  state->has_identity = state->closed.header_digest != NULL;
  state->closed.size = g_key_file_get_int64 (file, GROUP_CLOSED, "size", NULL);
  state->closed.mtime_ns = g_key_file_get_int64 (file, GROUP_CLOSED, "mtime-ns", NULL);
  state->closed.inode = g_key_file_get_uint64 (file, GROUP_CLOSED, "inode", NULL);
  state->closed.wal_size = g_key_file_get_int64 (file, GROUP_CLOSED, "wal-size", NULL);
}

static void
write_state (const char  *dir,
             const State *state)
{
  g_autofree char *path = g_build_filename (dir, STATE_NAME, NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_key_file_set_comment (file, NULL, NULL,
                          " Kept by Cobranza: whether the portfolio next to this folder needs a full"
                          "\n integrity check when it is next opened. Safe to delete (the next open"
                          "\n then checks it fully).", NULL);
  g_key_file_set_boolean (file, GROUP_FILE, "sound", state->sound);
  if (state->checked_by != NULL)
    g_key_file_set_string (file, GROUP_FILE, "checked-by", state->checked_by);
  if (!state->sound && state->reason != NULL)
    g_key_file_set_string (file, GROUP_FILE, "reason", state->reason);
  g_key_file_set_uint64 (file, GROUP_FILE, "unclean", state->unclean);

  if (state->sound && state->has_identity)
    {
      g_key_file_set_int64 (file, GROUP_CLOSED, "size", state->closed.size);
      g_key_file_set_int64 (file, GROUP_CLOSED, "mtime-ns", state->closed.mtime_ns);
      g_key_file_set_uint64 (file, GROUP_CLOSED, "inode", state->closed.inode);
      g_key_file_set_int64 (file, GROUP_CLOSED, "wal-size", state->closed.wal_size);
      g_key_file_set_string (file, GROUP_CLOSED, "header-sha256", state->closed.header_digest);
    }

  data = g_key_file_to_data (file, &len, NULL);
  if (!g_file_set_contents_full (path, data, (gssize) len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &error))
    g_debug ("Could not write %s: %s", path, error->message);
}

static void
set_unsound (State      *state,
             const char *reason)
{
  /* The first reason found is the one that stands until a check passes. */
  if (state->sound || state->reason == NULL)
    {
      g_free (state->reason);
      state->reason = g_strdup (reason);
    }
  state->sound = FALSE;
  state->has_identity = FALSE;
}

/* Waits (a little) for the folder's guard; -1 when it cannot be had. */
static int
lock_guard (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, GUARD_NAME, NULL);
  gint64 deadline = g_get_monotonic_time () + GUARD_TIMEOUT_US;
  int fd;

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_debug ("Could not open %s: %s", path, g_strerror (errno));
      return -1;
    }
  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      if (errno == EINTR)
        continue;
      if (errno != EWOULDBLOCK || g_get_monotonic_time () > deadline)
        {
          g_debug ("Could not lock %s: %s", path, g_strerror (errno));
          close (fd);
          return -1;
        }
      g_usleep (2 * 1000);
    }
  return fd;
}

static void
unlock_guard (int fd)
{
  /* Closing the descriptor releases its flock. */
  close (fd);
}

/* Deletes the session files no process holds any more and counts them;
 * @n_live gets the sessions still open (other than @own_name). */
static guint
sweep_sessions (const char *dir,
                const char *own_name,
                guint      *n_live)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;
  guint stale = 0;

  *n_live = 0;
  if (folder == NULL)
    return 0;

  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = NULL;
      int fd;

      if (!g_str_has_prefix (name, SESSION_PREFIX) || g_strcmp0 (name, own_name) == 0)
        continue;
      path = g_build_filename (dir, name, NULL);
      fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
      if (fd < 0)
        continue;
      if (flock (fd, LOCK_EX | LOCK_NB) == 0)
        {
          g_debug ("%s was left open by a program that ended without closing it", path);
          g_unlink (path);
          stale++;
        }
      else
        (*n_live)++;
      close (fd);
    }
  return stale;
}

static void
sync_folder (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return;
  if (fsync (fd) != 0)
    g_debug ("Could not sync %s: %s", dir, g_strerror (errno));
  close (fd);
}

/* Creates and locks this session's file; FALSE when it cannot. */
static gboolean
register_session (CbzStoreSession *session)
{
  g_autofree char *path = NULL;
  g_autofree char *info = NULL;
  char *name;
  int fd;

  name = g_strdup_printf (SESSION_PREFIX "%ld-%08x", (long) getpid (), g_random_int ());
  path = g_build_filename (session->dir, name, NULL);
  fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 || flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      g_debug ("Could not register an open of %s in %s: %s", session->db_path, path, g_strerror (errno));
      if (fd >= 0)
        {
          g_unlink (path);
          close (fd);
        }
      g_free (name);
      return FALSE;
    }

  /* For a person looking at the folder: who has it open. */
  info = g_strdup_printf ("pid=%ld\nprogram=%s\n", (long) getpid (),
                          g_get_prgname () != NULL ? g_get_prgname () : "");
  if (write (fd, info, strlen (info)) < 0)
    g_debug ("Could not write %s: %s", path, g_strerror (errno));
  sync_folder (session->dir);

  session->own_name = name;
  session->own_fd = fd;
  return TRUE;
}

static CbzStoreCheck
check_for_reason (const char *reason)
{
  if (g_strcmp0 (reason, "unclean") == 0)
    return CBZ_STORE_CHECK_FULL_UNCLEAN;
  if (g_strcmp0 (reason, "upgrade") == 0)
    return CBZ_STORE_CHECK_FULL_UPGRADE;
  return CBZ_STORE_CHECK_FULL_UNKNOWN;
}

CbzStoreSession *
_cbz_store_session_open (const char    *db_path,
                         gboolean       new_file,
                         CbzStoreCheck *out_check)
{
  CbzStoreSession *session;
  g_auto(State) state = { 0 };
  g_auto(Identity) now = { 0 };
  gboolean dirty = FALSE;
  guint stale, live = 0;
  int guard;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (out_check != NULL, NULL);

  session = g_new0 (CbzStoreSession, 1);
  session->db_path = g_strdup (db_path);
  session->dir = _cbz_store_session_dir_for (db_path);
  session->own_fd = -1;
  *out_check = new_file ? CBZ_STORE_CHECK_NONE : CBZ_STORE_CHECK_FULL_UNKNOWN;

  if (g_mkdir (session->dir, 0700) != 0 && errno != EEXIST)
    {
      g_debug ("Could not create %s (%s); %s will be checked fully at every open",
               session->dir, g_strerror (errno), db_path);
      return session;
    }
  guard = lock_guard (session->dir);
  if (guard < 0)
    return session;

  read_state (session->dir, &state);
  stale = sweep_sessions (session->dir, NULL, &live);
  if (stale > 0)
    {
      state.unclean += stale;
      set_unsound (&state, "unclean");
      dirty = TRUE;
    }

  if (!register_session (session))
    {
      if (dirty)
        write_state (session->dir, &state);
      unlock_guard (guard);
      return session;
    }

  if (new_file)
    {
      /* Nothing in it to check: sound from the start. */
      state.sound = TRUE;
      g_clear_pointer (&state.reason, g_free);
      g_free (state.checked_by);
      state.checked_by = g_strdup (PACKAGE_VERSION);
      state.has_identity = FALSE;
      dirty = TRUE;
      *out_check = CBZ_STORE_CHECK_NONE;
    }
  else if (!state.known)
    *out_check = CBZ_STORE_CHECK_FULL_UNKNOWN;
  else if (!state.sound)
    *out_check = check_for_reason (state.reason);
  else if (g_strcmp0 (state.checked_by, PACKAGE_VERSION) != 0)
    *out_check = CBZ_STORE_CHECK_FULL_UPGRADE;
  else if (live == 0 && (!state.has_identity || !read_identity (db_path, &now) ||
                         !identity_equal (&now, &state.closed)))
    {
      /* Someone else wrote to it since the last clean close (or it is a
       * copy): say so, so other programs opening it meanwhile check too. */
      set_unsound (&state, "unknown");
      dirty = TRUE;
      *out_check = CBZ_STORE_CHECK_FULL_UNKNOWN;
    }
  else
    *out_check = CBZ_STORE_CHECK_QUICK;

  session->unclean_seen = state.unclean;
  if (dirty)
    write_state (session->dir, &state);
  unlock_guard (guard);
  return session;
}

void
_cbz_store_session_set_sound (CbzStoreSession *session)
{
  g_auto(State) state = { 0 };
  guint stale, live = 0;
  int guard;

  g_return_if_fail (session != NULL);

  if (session->own_name == NULL || (guard = lock_guard (session->dir)) < 0)
    return;

  read_state (session->dir, &state);
  stale = sweep_sessions (session->dir, session->own_name, &live);
  if (stale > 0 || state.unclean != session->unclean_seen)
    {
      /* A program ended without closing the file while this check ran:
       * the check may not cover what that did. */
      state.unclean += stale;
      set_unsound (&state, "unclean");
    }
  else
    {
      state.sound = TRUE;
      g_clear_pointer (&state.reason, g_free);
      g_free (state.checked_by);
      state.checked_by = g_strdup (PACKAGE_VERSION);
    }
  write_state (session->dir, &state);
  unlock_guard (guard);
}

void
_cbz_store_session_close (CbzStoreSession *session)
{
  g_auto(State) state = { 0 };
  g_autofree char *own_path = NULL;
  guint stale, live = 0;
  int guard;

  if (session == NULL)
    return;

  if (session->own_name != NULL && (guard = lock_guard (session->dir)) >= 0)
    {
      read_state (session->dir, &state);
      own_path = g_build_filename (session->dir, session->own_name, NULL);
      g_unlink (own_path);

      stale = sweep_sessions (session->dir, session->own_name, &live);
      if (stale > 0)
        {
          state.unclean += stale;
          set_unsound (&state, "unclean");
          write_state (session->dir, &state);
        }
      else if (live == 0 && state.known && state.sound)
        {
          /* The last one out notes how the file was left. */
          state.has_identity = read_identity (session->db_path, &state.closed);
          write_state (session->dir, &state);
        }
      unlock_guard (guard);
    }
  else if (session->own_name != NULL)
    {
      /* Without the guard the session file stays; the next open finds it
       * unlocked and checks fully, which is safe. */
      g_debug ("Could not end the session of %s cleanly", session->db_path);
    }

  if (session->own_fd >= 0)
    close (session->own_fd);
  g_free (session->own_name);
  g_free (session->dir);
  g_free (session->db_path);
  g_free (session);
}
