/*
 * Starts a pload run through libpload: COUNT messages of SIZE bytes from
 * every node. The service never answers the start request, so this blocks
 * in pload_start until it is killed (as corosync-pload does).
 *
 *   pload_run COUNT SIZE
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <corosync/corotypes.h>

/* pload.h is not installed; the prototypes of libpload.so.4 */
typedef uint64_t pload_handle_t;
unsigned int pload_initialize(pload_handle_t *handle, void *callbacks);
unsigned int pload_finalize(pload_handle_t handle);
unsigned int pload_fd_get(pload_handle_t handle, int *fd);
unsigned int pload_start(pload_handle_t handle, unsigned int code,
	unsigned int msg_count, unsigned int msg_size);

int main(int argc, char **argv)
{
	pload_handle_t h, dead;
	int fd = -1;
	unsigned int r;

	if (argc != 3)
		return 2;
	if (pload_initialize(&dead, NULL) != CS_OK || pload_finalize(dead) != CS_OK)
		return 3;
	if (pload_finalize(dead) != CS_ERR_BAD_HANDLE || pload_start(dead, 0, 1, 1) != CS_ERR_BAD_HANDLE)
		return 4;
	r = pload_initialize(&h, NULL);
	printf("Init result %u\n", r);
	if (r != CS_OK || pload_fd_get(h, &fd) != CS_OK || fd < 0)
		return 5;
	fflush(stdout);
	r = pload_start(h, 0, atoi(argv[1]), atoi(argv[2]));
	printf("pload_start returned %u\n", r);
	return 6;
}
