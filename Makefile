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
DOCDIR        ?= $(PREFIX)/share/doc/corosync
LCRSODIR      ?= $(PREFIX)/libexec/lcrso
INITDDIR      ?= $(SYSCONFDIR)/init.d
PKGCONFIGDIR  ?= $(LIBDIR)/pkgconfig
SYSCONFDIR    ?= /etc
LOCALSTATEDIR ?= /var
DESTDIR       ?=

CARGO  ?= cargo
CC     ?= cc
BUILD  := build
TARGET := target/release

COROSYNC_VERSION := 1.4.10

# name:crate-dir:file-version:soname-major[:staticlib name, default name without lib]
LIBS := \
	libcoroipcc:libcoroipcc:4.0.0:4 \
	libcpg:libcpg:4.1.0:4 \
	libevs:libevs:4.0.0:4 \
	libpload:libpload:4.0.0:4 \
	libsam:libsam:4.1.0:4 \
	libcfg:libcfg:4.0.1:4 \
	libquorum:libquorum:4.0.0:4 \
	libvotequorum:libvotequorum:4.0.0:4 \
	libconfdb:libconfdb:4.1.0:4 \
	liblogsys:liblogsys:4.0.0:4:clogsys

lib_name    = $(word 1,$(subst :, ,$1))
lib_dir     = $(word 2,$(subst :, ,$1))
lib_version = $(word 3,$(subst :, ,$1))
lib_major   = $(word 4,$(subst :, ,$1))

.PHONY: all cargo libs run check install clean bench html

all: libs $(BUILD)/sbin/corosync tools html

# the HTML manual: every man page rendered by groff, plus an index page
GROFF     ?= groff
MANPAGES  := $(sort $(wildcard man/man3/*.3 man/man5/*.5 man/man8/*.8))
HTML_DOCS := $(addprefix $(BUILD)/html/,$(addsuffix .html,$(notdir $(MANPAGES)))) \
	$(BUILD)/html/index.html
# the text documents installed into DOCDIR
DOCS := AUTHORS INSTALL LICENSE README.devmap README.recovery SECURITY TODO
vpath %.3 man/man3
vpath %.5 man/man5
vpath %.8 man/man8

html: $(HTML_DOCS)

$(BUILD)/html/%.html: %
	@mkdir -p $(BUILD)/html
	$(GROFF) -mandoc -Thtml $< > $@.tmp && mv -f $@.tmp $@

$(BUILD)/html/index.html: $(MANPAGES) doc/mkindex.sh
	@mkdir -p $(BUILD)/html
	sh doc/mkindex.sh $(MANPAGES) > $@.tmp && mv -f $@.tmp $@

# administration tools: compiled ones in sbin, scripts in bin
SBIN_TOOLS := corosync-fplay corosync-keygen corosync-cpgtool corosync-pload corosync-cfgtool corosync-quorumtool corosync-objctl corosync-notifyd
BIN_SCRIPTS := cmdtools/corosync-blackbox

# the packages that make up the installed product
PACKAGES := corosync libcoroipcc libcpg
PACKAGES += corosync-tools
PACKAGES += libevs libpload libsam
PACKAGES += libcfg corosync-cfgtool
PACKAGES += libquorum libvotequorum quorumtool
PACKAGES += libconfdb corosync-objctl
PACKAGES += corosync-notifyd
PACKAGES += lcr liblogsys

cargo:
	COROSYNC_LCRSODIR=$(LCRSODIR) $(CARGO) build --release $(addprefix -p ,$(PACKAGES))

$(BUILD)/sbin/corosync: cargo
	mkdir -p $(BUILD)/sbin
	cp -f $(TARGET)/corosync $@

.PHONY: tools
tools: cargo
	mkdir -p $(BUILD)/sbin $(BUILD)/bin
	@for t in $(SBIN_TOOLS); do cp -f $(TARGET)/$$t $(BUILD)/sbin/$$t; done
	@for s in $(BIN_SCRIPTS); do cp -f $$s $(BUILD)/bin/; done

libs: cargo
	@set -e; for spec in $(LIBS); do \
		name=$$(echo $$spec | cut -d: -f1); dir=$$(echo $$spec | cut -d: -f2); \
		ver=$$(echo $$spec | cut -d: -f3); major=$$(echo $$spec | cut -d: -f4); \
		crate=$$(echo $$spec | cut -s -d: -f5); [ -n "$$crate" ] || crate=$$(echo $$name | sed 's/^lib//'); \
		versions=$$dir/$$name.versions; [ -f $$versions ] || versions=; \
		echo "  LINK  $(BUILD)/lib/$$name.so.$$ver"; \
		CC=$(CC) tools/link-cdylib $(TARGET)/lib$$crate.a $$dir/$$name.exports "$$versions" \
			$$name.so.$$major $(BUILD)/lib/$$name.so.$$ver $(BUILD)/lib/$$name.a; \
		ln -sf $$name.so.$$ver $(BUILD)/lib/$$name.so.$$major; \
		ln -sf $$name.so.$$ver $(BUILD)/lib/$$name.so; \
	done
	@echo "  AR    $(BUILD)/lib/liblcr.a"
	@CC=$(CC) tools/link-cdylib $(TARGET)/liblcr.a lcr/liblcr.exports "" liblcr.so \
		$(BUILD)/tmp/liblcr.so $(BUILD)/lib/liblcr.a

run: all
	$(BUILD)/sbin/corosync -f

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(INCLUDEDIR)/corosync
	install -m 0755 $(BUILD)/sbin/corosync $(DESTDIR)$(SBINDIR)/corosync
	install -d $(DESTDIR)$(BINDIR)
	@set -e; for t in $(SBIN_TOOLS); do install -m 0755 $(BUILD)/sbin/$$t $(DESTDIR)$(SBINDIR)/$$t; done
	@set -e; for s in $(BIN_SCRIPTS); do install -m 0755 $$s $(DESTDIR)$(BINDIR)/$$(basename $$s); done
	@set -e; for sec in 3 5 8; do \
		[ -d man/man$$sec ] || continue; \
		install -d $(DESTDIR)$(MANDIR)/man$$sec; \
		for m in man/man$$sec/*.$$sec; do [ -f $$m ] && install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$sec/; done; \
	done
	install -d $(DESTDIR)$(DOCDIR)/html
	install -m 0644 $(addprefix doc/,$(DOCS)) $(DESTDIR)$(DOCDIR)/
	install -m 0644 $(HTML_DOCS) $(DESTDIR)$(DOCDIR)/html/
	@set -e; for spec in $(LIBS); do \
		name=$$(echo $$spec | cut -d: -f1); ver=$$(echo $$spec | cut -d: -f3); \
		major=$$(echo $$spec | cut -d: -f4); \
		install -m 0755 $(BUILD)/lib/$$name.so.$$ver $(DESTDIR)$(LIBDIR)/$$name.so.$$ver; \
		install -m 0644 $(BUILD)/lib/$$name.a $(DESTDIR)$(LIBDIR)/$$name.a; \
		ln -sf $$name.so.$$ver $(DESTDIR)$(LIBDIR)/$$name.so.$$major; \
		ln -sf $$name.so.$$ver $(DESTDIR)$(LIBDIR)/$$name.so; \
		sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
			-e "s|@NAME@|$${name#lib}|" -e 's|@VERSION@|$(COROSYNC_VERSION)|' \
			pkgconfig/libtemplate.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/$$name.pc; \
	done
	install -m 0644 $(BUILD)/lib/liblcr.a $(DESTDIR)$(LIBDIR)/liblcr.a
	install -d $(DESTDIR)$(LCRSODIR)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@LCRSODIR@|$(LCRSODIR)|' -e 's|@SOCKETDIR@|$(LOCALSTATEDIR)/run|' \
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
	install -m 0644 etc/corosync.conf.example etc/corosync.conf.example.udpu \
		$(DESTDIR)$(SYSCONFDIR)/corosync/
	install -d $(DESTDIR)$(INITDDIR)
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
		-e 's|@LOCALSTATEDIR@|$(LOCALSTATEDIR)|g' etc/corosync.init.in > $(DESTDIR)$(INITDDIR)/corosync
	chmod 0755 $(DESTDIR)$(INITDDIR)/corosync
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
		-e 's|@LOCALSTATEDIR@|$(LOCALSTATEDIR)|g' etc/corosync-notifyd.init.in > $(DESTDIR)$(INITDDIR)/corosync-notifyd
	chmod 0755 $(DESTDIR)$(INITDDIR)/corosync-notifyd

check: all
	tools/check

bench: all
	bench/run

clean:
	$(CARGO) clean
	rm -rf $(BUILD)
