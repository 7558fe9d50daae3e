/* cbz-provider-preferences-page.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CBZ_TYPE_PROVIDER_PREFERENCES_PAGE (cbz_provider_preferences_page_get_type ())
G_DECLARE_FINAL_TYPE (CbzProviderPreferencesPage, cbz_provider_preferences_page,
                      CBZ, PROVIDER_PREFERENCES_PAGE, AdwPreferencesPage)

/* The messaging accounts page: one expander per provider (credentials saved
 * to the keyring, sender settings, endpoint override, "Send Test Message"
 * with the provider's exact answer) and the dry-run switch. */
GtkWidget *cbz_provider_preferences_page_new (void);

/* For tests: the expander of @provider_id and its rows. */
AdwExpanderRow      *cbz_provider_preferences_page_get_expander    (CbzProviderPreferencesPage *self,
                                                                    const char                 *provider_id);
AdwPasswordEntryRow *cbz_provider_preferences_page_get_secret_row  (CbzProviderPreferencesPage *self,
                                                                    const char                 *provider_id);
AdwEntryRow         *cbz_provider_preferences_page_get_test_row    (CbzProviderPreferencesPage *self,
                                                                    const char                 *provider_id);
GtkButton           *cbz_provider_preferences_page_get_test_button (CbzProviderPreferencesPage *self,
                                                                    const char                 *provider_id);
/* The text of the last test result shown under the provider. */
const char          *cbz_provider_preferences_page_get_test_result (CbzProviderPreferencesPage *self,
                                                                    const char                 *provider_id);

G_END_DECLS
