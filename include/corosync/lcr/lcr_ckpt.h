/*
 * corosync-rs: lcr/lcr_ckpt.h
 *
 * Checkpoint section helpers for loadable components.
 * Prerequisite: size_t must be declared (e.g. <stddef.h>) before inclusion.
 */

#ifndef LCR_CKPT_H_DEFINED
#define LCR_CKPT_H_DEFINED

/* store data_len bytes of data as section `name' */
int lcr_ckpt_section_write (void *ckpt_handle, const char *name,
                            const void *data, size_t data_len);

/* read section `name' into data; *data_len: capacity in, bytes read out */
int lcr_ckpt_section_read (void *ckpt_handle, const char *name,
                           void *data, size_t *data_len);

/* rewind the section iterator */
int lcr_ckpt_section_iterator_first (void *ckpt_handle);

/* name of the current section, then advance */
int lcr_ckpt_section_iterator_next (void *ckpt_handle, char **name);

#endif /* LCR_CKPT_H_DEFINED */
