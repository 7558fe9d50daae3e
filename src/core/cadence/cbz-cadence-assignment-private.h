/* cbz-cadence-assignment-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-cadence-assignment.h"

G_BEGIN_DECLS

/* The cadence id cbz_cadence_assignment_resolve() would give, without
 * writing the reason (the planner asks for every customer). (transfer none) */
const char *_cbz_cadence_assignment_pick (const CbzCadenceAssignment *assignment,
                                          const CbzPlanCustomer      *customer,
                                          CbzDate                     today);

G_END_DECLS
