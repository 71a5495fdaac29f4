/*
 * corosync-rs: lcr/lcr_comp.h
 *
 * Declarations a loadable component (lcrso plugin) uses to publish its
 * interfaces to the daemon's component loader.
 * Prerequisite: size_t must be declared (e.g. <stddef.h>) before inclusion.
 */

#ifndef LCR_COMP_H_DEFINED
#define LCR_COMP_H_DEFINED

/* one interface offered by a component */
struct lcr_iface {
    const char *name;
    int version;
    int *versions_replace;          /* older versions this one stands in for */
    int versions_replace_count;
    char **dependencies;            /* names of interfaces required first */
    size_t dependency_count;
    int (*constructor) (void *context);
    void (*destructor) (void *context);
    void **interfaces;              /* the interface's function table */
};

/* everything a component offers */
struct lcr_comp {
    struct lcr_iface *ifaces;
    size_t iface_count;
};

/* called from the component's constructor to announce itself */
extern void lcr_component_register (struct lcr_comp *comp);

static inline void lcr_interfaces_set (struct lcr_iface *iface, void *iface_list)
{
    iface->interfaces = (void **)iface_list;
}

#endif /* LCR_COMP_H_DEFINED */
