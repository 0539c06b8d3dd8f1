/* agg-sql.h — the names of the store's statements, for the code that has
 * not yet moved into store/.  The statements themselves are in
 * agg-store.sql; agg_db_sql() returns one by name. */
#pragma once

#include "agg-db.h"

#define AGG_SQL_SERVICE_INSERT agg_db_sql ("service-insert")
#define AGG_SQL_SERVICE_GET agg_db_sql ("service-get")
#define AGG_SQL_SERVICE_LIST agg_db_sql ("service-list")
#define AGG_SQL_TOKEN_INSERT agg_db_sql ("token-insert")
#define AGG_SQL_TOKEN_LOOKUP agg_db_sql ("token-lookup")
#define AGG_SQL_TOKEN_GET agg_db_sql ("token-get")
#define AGG_SQL_TOKEN_REVOKE agg_db_sql ("token-revoke")
#define AGG_SQL_TOKEN_LIST agg_db_sql ("token-list")
#define AGG_SQL_ENROLMENT_INSERT agg_db_sql ("enrolment-insert")
#define AGG_SQL_ENROLMENT_LOOKUP agg_db_sql ("enrolment-lookup")
#define AGG_SQL_ENROLMENT_USE agg_db_sql ("enrolment-use")
#define AGG_SQL_CHILD_INSERT agg_db_sql ("child-insert")
#define AGG_SQL_CHILD_GET agg_db_sql ("child-get")
#define AGG_SQL_CHILD_LIST agg_db_sql ("child-list")
#define AGG_SQL_DSR_INSERT agg_db_sql ("dsr-insert")
#define AGG_SQL_DSR_CURRENT agg_db_sql ("dsr-current")
#define AGG_SQL_DSR_HISTORY agg_db_sql ("dsr-history")
#define AGG_SQL_AUDIT_INSERT agg_db_sql ("audit-insert")
#define AGG_SQL_AUDIT_LIST agg_db_sql ("audit-list")
#define AGG_SQL_SUBMISSION_LAST_OF_FORM agg_db_sql ("submission-last-of-form")
#define AGG_SQL_GOAL_SET_CURRENT agg_db_sql ("goal-set-current")
#define AGG_SQL_OFFER_EXISTS_FOR_MONTH agg_db_sql ("offer-exists-for-month")
