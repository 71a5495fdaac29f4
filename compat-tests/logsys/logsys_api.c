/*
 * A program using liblogsys the way corosync's own programs and components
 * do: LOGSYS_DECLARE_SYSTEM / LOGSYS_DECLARE_SUBSYS constructors,
 * log_printf at several levels (only what the priorities admit is
 * printed), run-time changes of format, debug and priorities, the
 * name/number tables, log_rec records and a flight recorder dump.
 *
 *   logsys_api DUMPFILE       messages go to stderr; the dump to DUMPFILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <corosync/engine/logsys.h>

LOGSYS_DECLARE_SYSTEM("logtest",
	LOGSYS_MODE_OUTPUT_STDERR,
	LOGSYS_DEBUG_OFF,
	NULL,
	LOGSYS_LEVEL_INFO,
	LOG_DAEMON,
	LOGSYS_LEVEL_INFO,
	"%p [%6s] %b",
	1000000);

LOGSYS_DECLARE_SUBSYS("SUBA");

#include "../common/check.h"

int main(int argc, char **argv)
{
	int other;
	const char *err = NULL;
	int value = 0x1234;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DUMPFILE\n", argv[0]);
		return 2;
	}
	CHECK(_logsys_config_subsys_get("SUBA") == logsys_subsys_id);
	CHECK(_logsys_config_subsys_get("NOPE") == -1);
	other = _logsys_subsys_create("SUBB");
	CHECK(other >= 0 && other != logsys_subsys_id);
	CHECK(_logsys_subsys_create("SUBB") == other);

	log_printf(LOGSYS_LEVEL_ERROR, "an error %d\n", 1);
	log_printf(LOGSYS_LEVEL_NOTICE, "a notice %s", "text");
	log_printf(LOGSYS_LEVEL_INFO, "info %u", 3u);
	log_printf(LOGSYS_LEVEL_DEBUG, "debug, not shown");
	logsys_flush();

	CHECK(logsys_config_debug_set("SUBA", LOGSYS_DEBUG_ON) == 0);
	log_printf(LOGSYS_LEVEL_DEBUG, "debug, shown %d", 4);
	CHECK(logsys_config_debug_set("SUBA", LOGSYS_DEBUG_OFF) == 0);
	CHECK(logsys_config_logfile_priority_set(NULL, LOGSYS_LEVEL_WARNING) == 0);
	log_printf(LOGSYS_LEVEL_NOTICE, "a notice, filtered out");
	log_printf(LOGSYS_LEVEL_WARNING, "a warning %s", "shown");
	CHECK(logsys_config_logfile_priority_set(NULL, LOGSYS_LEVEL_INFO) == 0);
	logsys_flush();

	CHECK(logsys_format_set("%6s: %b") == 0);
	CHECK(strcmp(logsys_format_get(), "%6s: %b") == 0);
	log_printf(LOGSYS_LEVEL_NOTICE, "new format");
	logsys_flush();
	CHECK(logsys_format_set(NULL) == 0);
	CHECK(strcmp(logsys_format_get(), "%p [%6s] %b") == 0);

	CHECK((logsys_config_mode_get("SUBA") & LOGSYS_MODE_OUTPUT_STDERR) != 0);
	CHECK(logsys_config_mode_set("SUBA", 0) == 0);
	CHECK(logsys_config_mode_get("SUBA") == 0);
	log_printf(LOGSYS_LEVEL_ERROR, "no output, not shown");
	CHECK(logsys_config_mode_set("SUBA", LOGSYS_MODE_OUTPUT_STDERR) == 0);
	CHECK(logsys_config_mode_set("NOPE", 0) == -1);
	CHECK(logsys_config_file_set("NOPE", &err, "/nonexistent") == -1);

	CHECK(logsys_facility_id_get("local3") == LOG_LOCAL3);
	CHECK(strcmp(logsys_facility_name_get(LOG_DAEMON), "daemon") == 0);
	CHECK(logsys_priority_id_get("warning") == LOG_WARNING);
	CHECK(strcmp(logsys_priority_name_get(LOG_ERR), "err") == 0);
	CHECK(logsys_facility_id_get("nonsense") == -1);

	ENTER();
	log_rec(LOGSYS_ENCODE_RECID(LOGSYS_LEVEL_NOTICE, logsys_subsys_id, 7),
		&value, sizeof(value), "rec", (size_t)4);
	LEAVE();
	log_printf(LOGSYS_LEVEL_NOTICE, "last message");
	logsys_flush();
	/* the original returns -1 even after writing the whole dump */
	logsys_log_rec_store(argv[1]);
	logsys_atexit();
	return 0;
}
