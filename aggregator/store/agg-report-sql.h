/* agg-report-sql.h — the statements the demo writer runs beside ingest's.
 * The reports' own statements are named queries of agg-store.sql
 * ("report-…"), run by agg-store-reports.c. */
#pragma once

/* The demo writer (agg-demo-writer.c).  Everything else it writes goes
 * through agg-sql.h's statements, as ingest does. */

/* Whether the database holds anything at all: the demo never mixes
 * synthetic data into real data. */
#define AGG_DEMO_SQL_ANY_SERVICE \
  "SELECT count (*) FROM services"

/* As AGG_SQL_EXPERIENCE_INSERT, but with the random key given (?1), so
 * that one seed makes one database. */
#define AGG_DEMO_SQL_EXPERIENCE_INSERT \
  "INSERT INTO experience_responses (id, service_id, month, form_id, form_version, answers)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
