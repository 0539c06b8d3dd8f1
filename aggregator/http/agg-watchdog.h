/* agg-watchdog.h — tells systemd that the server is ready, and alive.
 *
 * Under a unit with Type=notify and WatchdogSec= (data/aggregator/), systemd
 * passes NOTIFY_SOCKET and WATCHDOG_USEC.  The watchdog then asks the
 * server for GET /api/v1/health through a real connection to its own
 * listening address, every third of that interval, and sends WATCHDOG=1
 * only when the answer came: a server that stops accepting, runs out of
 * file descriptors or blocks its main loop stops saying so, and systemd
 * restarts it.  Without NOTIFY_SOCKET it does nothing.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The probe's User-Agent: the request log leaves its answered probes out. */
#define AGG_WATCHDOG_USER_AGENT "keyvoice-aggregator-watchdog"

/* Whether the server is alive without asking it: serving all the
 * connections it may, it is busy (the probe would wait in the backlog),
 * not stuck. */
typedef gboolean (*AggWatchdogBusyFunc) (gpointer user_data);

#define AGG_TYPE_WATCHDOG (agg_watchdog_get_type ())

G_DECLARE_FINAL_TYPE (AggWatchdog, agg_watchdog, AGG, WATCHDOG, GObject)

/* @url is the server's own (agg_server_get_url()); a wildcard address is
 * probed on loopback.  Sends READY=1, and starts the probes when systemd
 * asked for a watchdog.  While @busy says so (it may be NULL), the
 * watchdog is fed without a probe: the main loop that calls it is alive,
 * and the server's deadlines end the connections that fill it. */
AggWatchdog *agg_watchdog_start     (const char          *url,
                                     AggWatchdogBusyFunc  busy,
                                     gpointer             busy_data);

/* Whether systemd is listening (NOTIFY_SOCKET is set). */
gboolean     agg_watchdog_is_active (AggWatchdog *self);

/* Sends STOPPING=1 and stops the probes. */
void         agg_watchdog_stop      (AggWatchdog *self);

G_END_DECLS
