/*
 * corosync-rs: totem/totemip.h
 *
 * Address abstraction used by the totem protocol: one structure holding
 * either an IPv4 or an IPv6 address plus the owning node id.
 */

#ifndef TOTEMIP_H_DEFINED
#define TOTEMIP_H_DEFINED

#include <sys/socket.h>
#include <netinet/in.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* where sockets signal EPIPE through SO_NOSIGPIPE instead of MSG_NOSIGNAL */
#ifdef SO_NOSIGPIPE
#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif
void totemip_nosigpipe(int s);
#else
#define totemip_nosigpipe(s)
#endif

#define TOTEMIP_ADDRLEN (sizeof(struct in6_addr))

/* tells engine/coroapi.h that struct totem_ip_address is already declared */
#define TOTEM_IP_ADDRESS

/* family is AF_INET or AF_INET6 (0: unset); addr holds the raw address bytes */
struct totem_ip_address
{
    unsigned int nodeid;
    unsigned short family;
    unsigned char addr[TOTEMIP_ADDRLEN];
} __attribute__((packed));

extern int totemip_equal(const struct totem_ip_address *addr1,
                         const struct totem_ip_address *addr2);
extern int totemip_compare(const void *a, const void *b);
extern int totemip_is_mcast(struct totem_ip_address *addr);
extern void totemip_copy(struct totem_ip_address *addr1,
                         const struct totem_ip_address *addr2);
extern void totemip_copy_endian_convert(struct totem_ip_address *addr1,
                                        const struct totem_ip_address *addr2);
int totemip_localhost(int family, struct totem_ip_address *localhost);
extern int totemip_localhost_check(const struct totem_ip_address *addr);
extern const char *totemip_print(const struct totem_ip_address *addr);
extern int totemip_sockaddr_to_totemip_convert(const struct sockaddr_storage *saddr,
                                               struct totem_ip_address *ip_addr);
extern int totemip_totemip_to_sockaddr_convert(struct totem_ip_address *ip_addr,
                                               uint16_t port,
                                               struct sockaddr_storage *saddr,
                                               int *addrlen);
extern int totemip_parse(struct totem_ip_address *totemip, const char *addr,
                         int family);
extern int totemip_iface_check(struct totem_ip_address *bindnet,
                               struct totem_ip_address *boundto,
                               int *interface_up,
                               int *interface_num,
                               int mask_high_bit);

/* an address with family 0 stands for "no address" */
static inline void totemip_zero_set(struct totem_ip_address *addr)
{
    addr->family = 0;
}

static inline int totemip_zero_check(const struct totem_ip_address *addr)
{
    return (addr->family == 0);
}

extern size_t totemip_udpip_header_size(int family);

#ifdef __cplusplus
}
#endif

#endif /* TOTEMIP_H_DEFINED */
