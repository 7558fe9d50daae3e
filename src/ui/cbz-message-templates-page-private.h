/* cbz-message-templates-page-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the files of CbzMessageTemplatesPage: the page itself
 * (selection, actions, public API), its editor (the wording in the widgets:
 * collected, checked, shown) and its store work (reads and the queue of
 * writes, all on the store's worker connections).
 */

#pragma once

#include "cbz-message-params-group.h"
#include "cbz-message-preview-group.h"
#include "cbz-message-templates-page.h"

G_BEGIN_DECLS

/* The one message the app sends today; the page edits its wordings. */
#define CBZ_MESSAGE_TEMPLATES_PAGE_NAME "reminder"

/* A write waiting its turn: a save of @template, or a reset to the
 * built-in wording of @template's channel and language, in @store. */
typedef struct
{
  CbzStore           *store;
  gboolean            reset;
  CbzMessageTemplate *template;
} CbzTemplateWrite;

/* The page's writes, first one running. Reference counted (GRcBox): each
 * running write holds it, so the last edits made before the window closed
 * still reach the file after the page is gone (@page NULL then). */
typedef struct
{
  CbzMessageTemplatesPage *page;
  GQueue                   writes;
} CbzTemplateWriteQueue;

struct _CbzMessageTemplatesPage
{
  AdwPreferencesPage      parent_instance;

  CbzStore               *store;
  GCancellable           *cancellable; /* reads for this store */
  GCancellable           *sample_cancellable; /* the sample being read, or NULL */
  GHashTable             *saved;       /* "channel/language" -> CbzMessageTemplate; NULL until read */
  GHashTable             *drafts;      /* "channel/language" -> CbzMessageTemplate with problems */
  CbzTemplateWriteQueue  *queue;
  CbzMessageTemplate     *template;    /* shown: as loaded or last saved */
  GtkWidget              *insert_target;
  char                   *first_problem;
  guint                   save_id;
  gulong                  focus_handler;
  gboolean                listing;     /* reading the saved wordings */
  gboolean                filling;     /* widgets being set, not edited */
  gboolean                disposed;
  gboolean                dirty;
  gboolean                valid;
  gboolean                write_failed; /* the last write of the shown wording */

  AdwComboRow            *channel_row;
  AdwComboRow            *language_row;
  AdwPreferencesGroup    *whatsapp_group;
  AdwEntryRow            *wa_template_row;
  AdwEntryRow            *wa_language_row;
  CbzMessageParamsGroup  *params_group;
  AdwPreferencesGroup    *subject_group;
  AdwEntryRow            *subject_row;
  GtkLabel               *subject_problem;
  AdwPreferencesGroup    *text_group;
  GtkMenuButton          *variables_button;
  GtkTextView            *body_view;
  GtkLabel               *body_problem;
  GtkLabel               *counter_label;
  AdwPreferencesGroup    *sms_group;
  GtkSwitch              *plain_switch;
  AdwPreferencesGroup    *html_group;
  GtkTextView            *html_view;
  GtkLabel               *html_problem;
  CbzMessagePreviewGroup *preview_group;
  GtkLabel               *status_label;
};

/* cbz-message-templates-page.c */
CbzChannel          _cbz_message_templates_page_get_channel    (CbzMessageTemplatesPage *self);
const char         *_cbz_message_templates_page_get_language   (CbzMessageTemplatesPage *self);
/* "sms/es": the key of drafts and saved wordings. */
char               *_cbz_message_templates_page_key            (const CbzMessageTemplate *template);
void                _cbz_message_templates_page_show_toast     (CbzMessageTemplatesPage *self,
                                                                const char              *text);

/* cbz-message-templates-page-editor.c */
/* The template as the widgets show it (NULL when none is shown). */
CbzMessageTemplate *_cbz_message_templates_page_collect        (CbzMessageTemplatesPage *self);
/* Marks every problem of the shown texts; TRUE when there is none. */
gboolean            _cbz_message_templates_page_check          (CbzMessageTemplatesPage *self,
                                                                CbzMessageTemplate      *template);
void                _cbz_message_templates_page_show_status    (CbzMessageTemplatesPage *self);
/* Problems, preview and counter, after an edit or a new sample. */
void                _cbz_message_templates_page_update         (CbzMessageTemplatesPage *self);
/* Shows the draft, else the saved, else the built-in wording of the
 * selected channel and language. */
void                _cbz_message_templates_page_load_current   (CbzMessageTemplatesPage *self);
gboolean            _cbz_message_templates_page_same           (const CbzMessageTemplate *a,
                                                                const CbzMessageTemplate *b);
void                _cbz_message_templates_page_build_variables_menu (CbzMessageTemplatesPage *self);
void                _cbz_message_templates_page_track_focus    (GtkWindow               *window,
                                                                GParamSpec              *pspec,
                                                                CbzMessageTemplatesPage *self);
void                _cbz_message_templates_page_insert_variable (CbzMessageTemplatesPage *self,
                                                                 const char              *name);

/* cbz-message-templates-page-store.c */
CbzTemplateWriteQueue *_cbz_template_write_queue_new     (CbzMessageTemplatesPage *page);
/* The page is going away: the queued writes go on without it. */
void                _cbz_template_write_queue_close      (CbzTemplateWriteQueue   *queue);
/* Queues a save (or a reset, @reset) of @template, taken, in the page's
 * store, after the writes already queued. */
void                _cbz_message_templates_page_queue_write    (CbzMessageTemplatesPage *self,
                                                                CbzMessageTemplate      *template,
                                                                gboolean                 reset);
/* Reads the user's saved wordings, then shows the selected one. */
void                _cbz_message_templates_page_read_saved     (CbzMessageTemplatesPage *self);
/* Reads a new sample customer for the preview (examples without a store). */
void                _cbz_message_templates_page_load_sample    (CbzMessageTemplatesPage *self);

G_END_DECLS
