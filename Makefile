# Build, install and test the cluster stack.
#
#   make                 build the executive and every library into build/
#   make run             run the executive in the foreground (built-in
#                        one-host default when no config file exists)
#   make check           the whole test suite
#   make install DESTDIR=D PREFIX=/usr [LIBDIR=...]

PREFIX        ?= /usr/local
EXEC_PREFIX   ?= $(PREFIX)
SBINDIR       ?= $(EXEC_PREFIX)/sbin
BINDIR        ?= $(EXEC_PREFIX)/bin
LIBDIR        ?= $(EXEC_PREFIX)/lib
INCLUDEDIR    ?= $(PREFIX)/include
MANDIR        ?= $(PREFIX)/share/man
PKGCONFIGDIR  ?= $(LIBDIR)/pkgconfig
SYSCONFDIR    ?= /etc
LOCALSTATEDIR ?= /var
DESTDIR       ?=

CARGO  ?= cargo
CC     ?= cc
BUILD  := build
TARGET := target/release

COROSYNC_VERSION := 1.4.10

# name:crate-dir:file-version:soname-major
LIBS := \
	libcoroipcc:libcoroipcc:4.0.0:4 \
	libcpg:libcpg:4.1.0:4 \
	libconfdb:libconfdb:4.1.0:4

lib_name    = $(word 1,$(subst :, ,$1))
lib_dir     = $(word 2,$(subst :, ,$1))
lib_version = $(word 3,$(subst :, ,$1))
lib_major   = $(word 4,$(subst :, ,$1))

.PHONY: all cargo libs run check install clean bench

all: libs $(BUILD)/sbin/corosync $(BUILD)/sbin/corosync-objctl

# the packages that make up the installed product
PACKAGES := corosync libcoroipcc libcpg libconfdb corosync-objctl

cargo:
	$(CARGO) build --release $(addprefix -p ,$(PACKAGES))

$(BUILD)/sbin/corosync: cargo
	mkdir -p $(BUILD)/sbin
	cp -f $(TARGET)/corosync $@

$(BUILD)/sbin/corosync-objctl: cargo
	mkdir -p $(BUILD)/sbin
	cp -f $(TARGET)/corosync-objctl $@

libs: cargo
	@set -e; for spec in $(LIBS); do \
		name=$$(echo $$spec | cut -d: -f1); dir=$$(echo $$spec | cut -d: -f2); \
		ver=$$(echo $$spec | cut -d: -f3); major=$$(echo $$spec | cut -d: -f4); \
		crate=$$(echo $$name | sed 's/^lib//'); \
		versions=$$dir/$$name.versions; [ -f $$versions ] || versions=; \
		echo "  LINK  $(BUILD)/lib/$$name.so.$$ver"; \
		CC=$(CC) tools/link-cdylib $(TARGET)/lib$$crate.a $$dir/$$name.exports "$$versions" \
			$$name.so.$$major $(BUILD)/lib/$$name.so.$$ver; \
		ln -sf $$name.so.$$ver $(BUILD)/lib/$$name.so.$$major; \
		ln -sf $$name.so.$$ver $(BUILD)/lib/$$name.so; \
	done

run: all
	$(BUILD)/sbin/corosync -f

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(INCLUDEDIR)/corosync
	install -m 0755 $(BUILD)/sbin/corosync $(DESTDIR)$(SBINDIR)/corosync
	install -m 0755 $(BUILD)/sbin/corosync-objctl $(DESTDIR)$(SBINDIR)/corosync-objctl
	install -d $(DESTDIR)$(MANDIR)/man8
	install -m 0644 man/corosync-objctl.8 $(DESTDIR)$(MANDIR)/man8/corosync-objctl.8
	@set -e; for spec in $(LIBS); do \
		name=$$(echo $$spec | cut -d: -f1); ver=$$(echo $$spec | cut -d: -f3); \
		major=$$(echo $$spec | cut -d: -f4); \
		install -m 0755 $(BUILD)/lib/$$name.so.$$ver $(DESTDIR)$(LIBDIR)/$$name.so.$$ver; \
		ln -sf $$name.so.$$ver $(DESTDIR)$(LIBDIR)/$$name.so.$$major; \
		ln -sf $$name.so.$$ver $(DESTDIR)$(LIBDIR)/$$name.so; \
		sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
			-e "s|@NAME@|$${name#lib}|" -e 's|@VERSION@|$(COROSYNC_VERSION)|' \
			pkgconfig/libtemplate.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/$$name.pc; \
	done
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@LCRSODIR@|$(PREFIX)/libexec/lcrso|' -e 's|@SOCKETDIR@|$(LOCALSTATEDIR)/run|' \
		-e 's|@VERSION@|$(COROSYNC_VERSION)|' \
		pkgconfig/corosync.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/corosync.pc
	install -d $(DESTDIR)$(INCLUDEDIR)/corosync/engine $(DESTDIR)$(INCLUDEDIR)/corosync/totem \
		$(DESTDIR)$(INCLUDEDIR)/corosync/lcr
	install -m 0644 include/corosync/*.h $(DESTDIR)$(INCLUDEDIR)/corosync/
	install -m 0644 include/corosync/engine/*.h $(DESTDIR)$(INCLUDEDIR)/corosync/engine/
	install -m 0644 include/corosync/totem/*.h $(DESTDIR)$(INCLUDEDIR)/corosync/totem/
	install -m 0644 include/corosync/lcr/*.h $(DESTDIR)$(INCLUDEDIR)/corosync/lcr/
	install -d $(DESTDIR)$(SYSCONFDIR)/corosync/service.d $(DESTDIR)$(SYSCONFDIR)/corosync/uidgid.d \
		$(DESTDIR)$(LOCALSTATEDIR)/lib/corosync $(DESTDIR)$(LOCALSTATEDIR)/log/cluster \
		$(DESTDIR)$(LOCALSTATEDIR)/run

check: all
	tools/check

bench: all
	bench/run

clean:
	$(CARGO) clean
	rm -rf $(BUILD)
