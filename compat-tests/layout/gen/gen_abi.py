#!/usr/bin/env python3
"""Write the abi/<header>.c assert files by measuring a reference header tree.

    gen_abi.py --reference INCDIR [--manifest FILE] [--out DIR]
               [--set MACRO=LITERAL ...] [header ...]

INCDIR is the include directory of a reference installation (the one that
holds corosync/cpg.h).  For every header of the manifest (default:
../headers.list) the tool

  * compiles a translation unit (prerequisites + header) with DWARF, and
    lists every struct, union, enum, enumerator and typedef whose
    declaration lies in that header file;
  * lists the macros the header itself #defines (gcc -E -dD);
  * builds and runs a program against INCDIR that prints, with literal
    numbers, one assert per fact: sizeof/_Alignof of types, offsetof /
    sizeof / type of members, enumerator values, value and type of integer
    macros, text of string macros, presence of the other macros.

--set replaces the measured value of a string macro (for configure-time
paths that differ between the reference build and ours).

Needs python3, gcc and binutils' readelf.  Only the resulting files are
meant for the repository; nothing in them refers to INCDIR.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dwarf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

INT_TYPES = [('int', '%d', ''), ('unsigned int', '%u', 'U'), ('long', '%ld', 'L'),
             ('unsigned long', '%lu', 'UL'), ('long long', '%lld', 'LL'),
             ('unsigned long long', '%llu', 'ULL')]

PRELUDE = r'''#include <stdio.h>
#include <stddef.h>
#include <string.h>
static const char *quote(const char *s) {
    static char buf[4096]; char *o = buf; *o++ = '"';
    for (; *s; s++) { if (*s == '"' || *s == '\\') *o++ = '\\'; *o++ = *s; }
    *o++ = '"'; *o = 0; return buf;
}
'''


def read_manifest(path):
    for line in open(path):
        line = re.sub(r'#.*', '', line).strip()
        if not line:
            continue
        if ':' in line:
            h, p = line.split(':', 1)
            yield h.strip(), p.split()
        else:
            yield line, []


def includes(h, pre):
    return ''.join('#include <%s>\n' % p for p in pre) + '#include <corosync/%s>\n' % h


def cstr(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '"'


class Generator:
    def __init__(self, ref, tmp):
        self.ref = ref
        self.tmp = tmp

    def run(self, cmd):
        return subprocess.run(cmd, capture_output=True, text=True)

    def compiles(self, src):
        p = os.path.join(self.tmp, 'probe.c')
        open(p, 'w').write(src)
        return self.run(['gcc', '-std=gnu99', '-fsyntax-only', '-I' + self.ref, p]).returncode == 0

    def types_of(self, h, pre):
        src = os.path.join(self.tmp, 'tu.c')
        obj = os.path.join(self.tmp, 'tu.o')
        open(src, 'w').write(includes(h, pre))
        r = self.run(['gcc', '-std=gnu99', '-g', '-O0', '-fno-eliminate-unused-debug-types',
                      '-c', '-I' + self.ref, src, '-o', obj])
        if r.returncode:
            raise SystemExit(r.stderr)
        dies, roots, files = dwarf.parse(obj)
        target = os.path.realpath(os.path.join(self.ref, 'corosync', h))
        fidx = {i for i, f in files.items() if os.path.realpath(f) == target}
        mine = []

        def walk(d):
            for c in d.children:
                f = c.attrs.get('DW_AT_decl_file')
                if f is not None and int(f, 0) in fidx:
                    mine.append(c)
                if c.tag in ('DW_TAG_structure_type', 'DW_TAG_union_type'):
                    walk(c)
        for root in roots:
            walk(root)
        tdname = {}
        for d in mine:
            if d.tag == 'DW_TAG_typedef':
                t = d.attrs.get('DW_AT_type')
                if t is not None and t not in tdname and dies[t].name() is None:
                    tdname[t] = d.name()
        return dies, mine, tdname

    def macros_of(self, h, pre):
        src = os.path.join(self.tmp, 'tu.c')
        open(src, 'w').write(includes(h, pre))
        r = self.run(['gcc', '-std=gnu99', '-E', '-dD', '-I' + self.ref, src])
        suffix = '/corosync/' + h
        inside = False
        res = []
        for line in r.stdout.splitlines():
            m = re.match(r'^# \d+ "([^"]*)"', line)
            if m:
                inside = m.group(1).endswith(suffix)
                continue
            if inside and line.startswith('#define '):
                m = re.match(r'#define (\w+)(\()?', line)
                res.append((m.group(1), m.group(2) is not None))
        return res

    def statements(self, h, pre, overrides):
        """C statements that print the assert lines for one header."""
        dies, mine, tdname = self.types_of(h, pre)
        out = []

        def P(fmt, *args):
            out.append('    printf(%s%s);' % (cstr(fmt + '\n'), ''.join(', ' + a for a in args)))

        def esc(s):
            return s.replace('%', '%%')

        seen_enum = set()
        for d in mine:
            if d.tag in ('DW_TAG_structure_type', 'DW_TAG_union_type'):
                if 'DW_AT_declaration' in d.attrs:
                    continue
                if d.name():
                    key = ('struct ' if d.tag == 'DW_TAG_structure_type' else 'union ') + d.name()
                elif d.off in tdname:
                    key = tdname[d.off]
                else:
                    continue
                P('\n/* %s */' % esc(key))
                P('SIZE(%s, %%zu);' % key, 'sizeof(%s)' % key)
                P('ALIGN(%s, %%zu);' % key, '_Alignof(%s)' % key)
                for m in d.children:
                    if m.tag != 'DW_TAG_member' or m.name() is None or 'DW_AT_bit_size' in m.attrs:
                        continue
                    mn = m.name()
                    P('OFFSET(%s, %s, %%zu);' % (key, mn), 'offsetof(%s, %s)' % (key, mn))
                    P('MSIZE(%s, %s, %%zu);' % (key, mn), 'sizeof(((%s *)0)->%s)' % (key, mn))
                    mt = m.attrs.get('DW_AT_type')
                    try:
                        nr = noreturn_target(dies, mt)
                        if nr is not None:
                            # a pointer to a noreturn function has no type-name
                            # spelling: compare with a reference member instead
                            ref = 'layout_ref_%s_%s' % (re.sub(r'\W', '_', key), mn)
                            decl = dwarf.spell(dies, nr, '(*m)') + ' __attribute__((noreturn))'
                            P('struct %s { %s; };' % (ref, esc(decl)))
                            P('MTYPE(%s, %s, __typeof__(((struct %s *)0)->m));' % (key, mn, ref))
                        else:
                            P('MTYPE(%s, %s, %s);' % (key, mn, esc(dwarf.spell(dies, mt))))
                    except dwarf.Unspellable:
                        P('/* %s.%s: anonymous type, not spelled */' % (key, mn))
            elif d.tag == 'DW_TAG_typedef':
                t = d.attrs.get('DW_AT_type')
                anon = (t is not None and dies[t].name() is None and dies[t].tag in
                        ('DW_TAG_structure_type', 'DW_TAG_union_type', 'DW_TAG_enumeration_type'))
                if anon and tdname.get(t) == d.name() and dies[t].tag != 'DW_TAG_enumeration_type':
                    continue        # already covered under the aggregate's own heading
                P('\n/* typedef %s */' % d.name())
                P('SIZE(%s, %%zu);' % d.name(), 'sizeof(%s)' % d.name())
                P('ALIGN(%s, %%zu);' % d.name(), '_Alignof(%s)' % d.name())
                if not anon:
                    try:
                        P('TYPE(%s, %s);' % (d.name(), esc(dwarf.spell(dies, t))))
                    except dwarf.Unspellable:
                        pass
            if d.tag == 'DW_TAG_enumeration_type' and d.off not in seen_enum:
                seen_enum.add(d.off)
                if d.name():
                    label = 'enum ' + d.name()
                elif d.off in tdname:
                    label = 'enum for ' + tdname[d.off]
                else:
                    label = 'anonymous enum'
                P('\n/* %s */' % label)
                if d.name():
                    P('SIZE(enum %s, %%zu);' % d.name(), 'sizeof(enum %s)' % d.name())
                for e in d.children:
                    if e.tag == 'DW_TAG_enumerator':
                        P('VALUE(%s, %%lld);' % e.name(), '(long long)%s' % e.name())

        macs = self.macros_of(h, pre)
        if macs:
            P('\n/* macros */')
        for name, fnlike in macs:
            if not fnlike and name in overrides:
                P('STRING(%s, %s);' % (name, esc(overrides[name])))
                continue
            if not fnlike and self.compiles(includes(h, pre) +
                    '_Static_assert(__builtin_types_compatible_p(__typeof__(%s), char[sizeof(%s)]), "");\n'
                    % (name, name)):
                P('STRING(%s, %%s);' % name, 'quote(%s)' % name)
                continue
            sel = '_Generic((%s), ' % name + ', '.join(
                '%s: %d' % (t, i) for i, (t, _, _) in enumerate(INT_TYPES)) + ')'
            if not fnlike and self.compiles(includes(h, pre) +
                    '_Static_assert((%s) == (%s), ""); static const int probe_k = %s;\n'
                    % (name, name, sel)):
                out.append('    switch (%s) {' % sel)
                for i, (t, f, suf) in enumerate(INT_TYPES):
                    out.append('    case %d: { %s v = (%s)(%s); '
                               'printf("VALUE(%s, %%s" "%s" "%s" "%%s);\\n", v < 0 ? "(" : "", v, v < 0 ? ")" : ""); '
                               'printf("TYPE_OF(%s, %s);\\n"); break; }'
                               % (i, t, t, name, name, f, suf, name, t))
                out.append('    }')
                continue
            P('#ifndef %s\n#error "%s is not defined"\n#endif' % (name, name))
        return out

    def generate(self, h, pre, out_dir, overrides):
        stmts = self.statements(h, pre, overrides)
        prog = PRELUDE + includes(h, pre) + 'int main(void) {\n' + '\n'.join(stmts) + '\n    return 0;\n}\n'
        src = os.path.join(self.tmp, 'measure.c')
        exe = os.path.join(self.tmp, 'measure')
        open(src, 'w').write(prog)
        r = self.run(['gcc', '-std=gnu99', '-w', '-I' + self.ref, src, '-o', exe])
        if r.returncode:
            raise SystemExit('measuring program for %s does not build:\n%s' % (h, r.stderr))
        r = self.run([exe])
        if r.returncode:
            raise SystemExit('measuring program for %s failed' % h)
        used = [n for n, fn in self.macros_of(h, pre) if not fn and n in overrides]
        head = '/*\n * ABI pin for <corosync/%s> (x86_64 / LP64).\n *\n' % h
        head += (' * Every number below was measured from corosync 1.4.10 as installed; a\n'
                 ' * failing assert means our header no longer matches it.  Regenerate only\n'
                 ' * from a fresh measurement (gen/gen_abi.py), never by editing numbers\n'
                 ' * to fit.\n')
        if used:
            head += (' *\n * Not measured: %s.  These are configure-time install paths;\n'
                     ' * they are pinned to the distribution layout (prefix /usr,\n'
                     ' * libexecdir /usr/libexec, localstatedir /var).\n' % ', '.join(used))
        head += ' */\n'
        dst = os.path.join(out_dir, 'abi', h[:-2] + '.c')
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(dst, 'w') as f:
            f.write(head + '#include <stddef.h>\n' + includes(h, pre) + '#include "abi_check.h"\n' + r.stdout)
        return dst


def noreturn_target(dies, t):
    """The function type behind `pointer to noreturn function', else None."""
    if t is None or dies[t].tag != 'DW_TAG_pointer_type':
        return None
    v = dies[t].attrs.get('DW_AT_type')
    if v is None or dies[v].tag != 'DW_TAG_volatile_type':
        return None
    f = dies[v].attrs.get('DW_AT_type')
    if f is None or dies[f].tag != 'DW_TAG_subroutine_type':
        return None
    return f


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--reference', required=True, help='include dir of the reference installation')
    ap.add_argument('--manifest', default=os.path.join(HERE, '..', 'headers.list'))
    ap.add_argument('--out', default=os.path.join(HERE, '..'))
    ap.add_argument('--set', action='append', default=[], metavar='MACRO=LITERAL')
    ap.add_argument('headers', nargs='*')
    a = ap.parse_args()
    overrides = dict(s.split('=', 1) for s in a.set)
    gen = Generator(os.path.abspath(a.reference), tempfile.mkdtemp(prefix='gen_abi.'))
    for h, pre in read_manifest(a.manifest):
        if a.headers and h not in a.headers:
            continue
        print('wrote', gen.generate(h, pre, a.out, overrides))


if __name__ == '__main__':
    main()
