/*
 * The variadic entry points of liblogsys: they format (or collect) their
 * arguments and pass the result to the Rust side of the library.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#define MSG_MAX 2048
#define REC_ARGS_MAX 64

extern void *logsys_rec_end;

void clogsys_log_text(unsigned int rec_ident, const char *function_name,
	const char *file_name, int file_line, const char *text, size_t len);
void clogsys_log_parts(unsigned int rec_ident, const char *function_name,
	const char *file_name, int file_line, const void *const *parts,
	const size_t *lens, size_t count);

void _logsys_log_vprintf(unsigned int rec_ident, const char *function_name,
	const char *file_name, int file_line, const char *format, va_list ap)
{
	char text[MSG_MAX];
	int n;

	if (format == NULL)
		return;
	n = vsnprintf(text, sizeof(text), format, ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(text))
		n = sizeof(text) - 1;
	clogsys_log_text(rec_ident, function_name, file_name, file_line, text, (size_t)n);
}

void _logsys_log_printf(unsigned int rec_ident, const char *function_name,
	const char *file_name, int file_line, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	_logsys_log_vprintf(rec_ident, function_name, file_name, file_line, format, ap);
	va_end(ap);
}

void _logsys_log_rec(unsigned int rec_ident, const char *function_name,
	const char *file_name, int file_line, ...)
{
	const void *parts[REC_ARGS_MAX];
	size_t lens[REC_ARGS_MAX];
	size_t count = 0;
	va_list ap;

	va_start(ap, file_line);
	for (;;) {
		const void *p = va_arg(ap, const void *);
		size_t len;

		if (p == (const void *)&logsys_rec_end)
			break;
		len = va_arg(ap, size_t);
		if (count < REC_ARGS_MAX) {
			parts[count] = p;
			lens[count] = len;
			count++;
		}
	}
	va_end(ap);
	clogsys_log_parts(rec_ident, function_name, file_name, file_line, parts, lens, count);
}
