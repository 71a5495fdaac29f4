/*
 * corosync-rs: list.h
 *
 * Intrusive circular doubly linked list.  A list is represented by a
 * sentinel struct list_head whose next/prev point at itself when empty.
 * The operation names follow the Linux kernel convention.
 */

#ifndef LIST_H_DEFINED
#define LIST_H_DEFINED

struct list_head {
    struct list_head *next;
    struct list_head *prev;
};

/* defines and initialises an empty list head (caller supplies the ';') */
#define DECLARE_LIST_INIT(name) \
    struct list_head name = { &(name), &(name) }

static inline void list_init (struct list_head *head)
{
    head->prev = head;
    head->next = head;
}

/* inserts element right after head */
static inline void list_add (struct list_head *element, struct list_head *head)
{
    struct list_head *after = head->next;

    element->prev = head;
    element->next = after;
    after->prev = element;
    head->next = element;
}

/* inserts element right before head, i.e. at the tail of the list */
static inline void list_add_tail (struct list_head *element, struct list_head *head)
{
    struct list_head *before = head->prev;

    element->next = head;
    element->prev = before;
    before->next = element;
    head->prev = element;
}

/*
 * Unlinks an element.  Its own pointers are left untouched, except in
 * DEBUG builds where they are poisoned to catch reuse.
 */
static inline void list_del (struct list_head *_remove)
{
    struct list_head *before = _remove->prev;
    struct list_head *after = _remove->next;

    after->prev = before;
    before->next = after;
#ifdef DEBUG
    _remove->prev = (struct list_head *)0xdeadb33f;
    _remove->next = (struct list_head *)0xdeadb33f;
#endif
}

/* containing structure of the list_head `ptr' embedded as `member' */
#define list_entry(ptr, type, member) \
    ((type *)(void *)((char *)(ptr) - __builtin_offsetof (type, member)))

static inline int list_empty (const struct list_head *l)
{
    return (l->next == l);
}

/*
 * Moves the elements of `list' to the front of `head'.  `list' itself is
 * not reinitialised, and must not be empty.
 */
static inline void list_splice (struct list_head *list, struct list_head *head)
{
    struct list_head *first = list->next;
    struct list_head *last = list->prev;
    struct list_head *old_first = head->next;

    head->next = first;
    first->prev = head;
    last->next = old_first;
    old_first->prev = last;
}

#endif /* LIST_H_DEFINED */
