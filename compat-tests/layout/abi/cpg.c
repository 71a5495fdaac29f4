/*
 * ABI pin for <corosync/cpg.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/cpg.h>
#include "abi_check.h"

/* typedef cpg_handle_t */
SIZE(cpg_handle_t, 8);
ALIGN(cpg_handle_t, 8);
TYPE(cpg_handle_t, uint64_t);

/* typedef cpg_iteration_handle_t */
SIZE(cpg_iteration_handle_t, 8);
ALIGN(cpg_iteration_handle_t, 8);
TYPE(cpg_iteration_handle_t, uint64_t);

/* enum for cpg_guarantee_t */
VALUE(CPG_TYPE_UNORDERED, 0);
VALUE(CPG_TYPE_FIFO, 1);
VALUE(CPG_TYPE_AGREED, 2);
VALUE(CPG_TYPE_SAFE, 3);

/* typedef cpg_guarantee_t */
SIZE(cpg_guarantee_t, 4);
ALIGN(cpg_guarantee_t, 4);

/* enum for cpg_flow_control_state_t */
VALUE(CPG_FLOW_CONTROL_DISABLED, 0);
VALUE(CPG_FLOW_CONTROL_ENABLED, 1);

/* typedef cpg_flow_control_state_t */
SIZE(cpg_flow_control_state_t, 4);
ALIGN(cpg_flow_control_state_t, 4);

/* enum for cpg_reason_t */
VALUE(CPG_REASON_JOIN, 1);
VALUE(CPG_REASON_LEAVE, 2);
VALUE(CPG_REASON_NODEDOWN, 3);
VALUE(CPG_REASON_NODEUP, 4);
VALUE(CPG_REASON_PROCDOWN, 5);

/* typedef cpg_reason_t */
SIZE(cpg_reason_t, 4);
ALIGN(cpg_reason_t, 4);

/* enum for cpg_iteration_type_t */
VALUE(CPG_ITERATION_NAME_ONLY, 1);
VALUE(CPG_ITERATION_ONE_GROUP, 2);
VALUE(CPG_ITERATION_ALL, 3);

/* typedef cpg_iteration_type_t */
SIZE(cpg_iteration_type_t, 4);
ALIGN(cpg_iteration_type_t, 4);

/* enum for cpg_model_t */
VALUE(CPG_MODEL_V1, 1);

/* typedef cpg_model_t */
SIZE(cpg_model_t, 4);
ALIGN(cpg_model_t, 4);

/* struct cpg_address */
SIZE(struct cpg_address, 12);
ALIGN(struct cpg_address, 4);
OFFSET(struct cpg_address, nodeid, 0);
MSIZE(struct cpg_address, nodeid, 4);
MTYPE(struct cpg_address, nodeid, uint32_t);
OFFSET(struct cpg_address, pid, 4);
MSIZE(struct cpg_address, pid, 4);
MTYPE(struct cpg_address, pid, uint32_t);
OFFSET(struct cpg_address, reason, 8);
MSIZE(struct cpg_address, reason, 4);
MTYPE(struct cpg_address, reason, uint32_t);

/* struct cpg_name */
SIZE(struct cpg_name, 132);
ALIGN(struct cpg_name, 4);
OFFSET(struct cpg_name, length, 0);
MSIZE(struct cpg_name, length, 4);
MTYPE(struct cpg_name, length, uint32_t);
OFFSET(struct cpg_name, value, 4);
MSIZE(struct cpg_name, value, 128);
MTYPE(struct cpg_name, value, char[128]);

/* struct cpg_iteration_description_t */
SIZE(struct cpg_iteration_description_t, 140);
ALIGN(struct cpg_iteration_description_t, 4);
OFFSET(struct cpg_iteration_description_t, group, 0);
MSIZE(struct cpg_iteration_description_t, group, 132);
MTYPE(struct cpg_iteration_description_t, group, struct cpg_name);
OFFSET(struct cpg_iteration_description_t, nodeid, 132);
MSIZE(struct cpg_iteration_description_t, nodeid, 4);
MTYPE(struct cpg_iteration_description_t, nodeid, uint32_t);
OFFSET(struct cpg_iteration_description_t, pid, 136);
MSIZE(struct cpg_iteration_description_t, pid, 4);
MTYPE(struct cpg_iteration_description_t, pid, uint32_t);

/* struct cpg_ring_id */
SIZE(struct cpg_ring_id, 16);
ALIGN(struct cpg_ring_id, 8);
OFFSET(struct cpg_ring_id, nodeid, 0);
MSIZE(struct cpg_ring_id, nodeid, 4);
MTYPE(struct cpg_ring_id, nodeid, uint32_t);
OFFSET(struct cpg_ring_id, seq, 8);
MSIZE(struct cpg_ring_id, seq, 8);
MTYPE(struct cpg_ring_id, seq, uint64_t);

/* typedef cpg_deliver_fn_t */
SIZE(cpg_deliver_fn_t, 8);
ALIGN(cpg_deliver_fn_t, 8);
TYPE(cpg_deliver_fn_t, void (*)(cpg_handle_t, const struct cpg_name *, uint32_t, uint32_t, void *, size_t));

/* typedef cpg_confchg_fn_t */
SIZE(cpg_confchg_fn_t, 8);
ALIGN(cpg_confchg_fn_t, 8);
TYPE(cpg_confchg_fn_t, void (*)(cpg_handle_t, const struct cpg_name *, const struct cpg_address *, size_t, const struct cpg_address *, size_t, const struct cpg_address *, size_t));

/* typedef cpg_totem_confchg_fn_t */
SIZE(cpg_totem_confchg_fn_t, 8);
ALIGN(cpg_totem_confchg_fn_t, 8);
TYPE(cpg_totem_confchg_fn_t, void (*)(cpg_handle_t, struct cpg_ring_id, uint32_t, const uint32_t *));

/* cpg_callbacks_t */
SIZE(cpg_callbacks_t, 16);
ALIGN(cpg_callbacks_t, 8);
OFFSET(cpg_callbacks_t, cpg_deliver_fn, 0);
MSIZE(cpg_callbacks_t, cpg_deliver_fn, 8);
MTYPE(cpg_callbacks_t, cpg_deliver_fn, cpg_deliver_fn_t);
OFFSET(cpg_callbacks_t, cpg_confchg_fn, 8);
MSIZE(cpg_callbacks_t, cpg_confchg_fn, 8);
MTYPE(cpg_callbacks_t, cpg_confchg_fn, cpg_confchg_fn_t);

/* cpg_model_data_t */
SIZE(cpg_model_data_t, 4);
ALIGN(cpg_model_data_t, 4);
OFFSET(cpg_model_data_t, model, 0);
MSIZE(cpg_model_data_t, model, 4);
MTYPE(cpg_model_data_t, model, cpg_model_t);

/* cpg_model_v1_data_t */
SIZE(cpg_model_v1_data_t, 40);
ALIGN(cpg_model_v1_data_t, 8);
OFFSET(cpg_model_v1_data_t, model, 0);
MSIZE(cpg_model_v1_data_t, model, 4);
MTYPE(cpg_model_v1_data_t, model, cpg_model_t);
OFFSET(cpg_model_v1_data_t, cpg_deliver_fn, 8);
MSIZE(cpg_model_v1_data_t, cpg_deliver_fn, 8);
MTYPE(cpg_model_v1_data_t, cpg_deliver_fn, cpg_deliver_fn_t);
OFFSET(cpg_model_v1_data_t, cpg_confchg_fn, 16);
MSIZE(cpg_model_v1_data_t, cpg_confchg_fn, 8);
MTYPE(cpg_model_v1_data_t, cpg_confchg_fn, cpg_confchg_fn_t);
OFFSET(cpg_model_v1_data_t, cpg_totem_confchg_fn, 24);
MSIZE(cpg_model_v1_data_t, cpg_totem_confchg_fn, 8);
MTYPE(cpg_model_v1_data_t, cpg_totem_confchg_fn, cpg_totem_confchg_fn_t);
OFFSET(cpg_model_v1_data_t, flags, 32);
MSIZE(cpg_model_v1_data_t, flags, 4);
MTYPE(cpg_model_v1_data_t, flags, unsigned int);

/* macros */
#ifndef COROSYNC_CPG_H_DEFINED
#error "COROSYNC_CPG_H_DEFINED is not defined"
#endif
VALUE(CPG_MAX_NAME_LENGTH, 128);
TYPE_OF(CPG_MAX_NAME_LENGTH, int);
VALUE(CPG_MEMBERS_MAX, 128);
TYPE_OF(CPG_MEMBERS_MAX, int);
VALUE(CPG_MODEL_V1_DELIVER_INITIAL_TOTEM_CONF, 1);
TYPE_OF(CPG_MODEL_V1_DELIVER_INITIAL_TOTEM_CONF, int);
