#!/usr/bin/env python3
"""Compare two header trees header by header (a reference one and ours).

    compare_trees.py REFERENCE_INCDIR OUR_INCDIR [--manifest FILE]

For every header of the manifest (default: ../headers.list):

  types    canonical dump of the DWARF type information of every struct,
           union, enum and typedef the header declares: names, sizes,
           member offsets and alignments, spelled member types, enumerator
           values.  Catches what asserts cannot: extra members hidden in
           padding, extra types or enumerators.
  protos   gcc -aux-info prototypes (via run.sh --regen), names removed
  macros   object-like macros must have the same replacement text;
           function-like ones the same name and parameter count

Prints the differences and exits 1 if there are any.  Needs python3, gcc
and readelf.
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
LAYOUT = os.path.dirname(HERE)


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


def spell(dies, t, inner=''):
    try:
        return dwarf.spell(dies, t, inner)
    except dwarf.Unspellable:
        d = dies[t]
        if d.tag == 'DW_TAG_volatile_type':
            return 'noreturn ' + spell(dies, d.attrs.get('DW_AT_type'), inner)
        if d.tag == 'DW_TAG_pointer_type':
            return spell(dies, d.attrs.get('DW_AT_type'), '*' + inner)
        return '<anonymous %s>' % d.tag[7:]


def type_dump(inc, h, pre, tmp):
    src = os.path.join(tmp, 'tu.c')
    obj = os.path.join(tmp, 'tu.o')
    open(src, 'w').write(''.join('#include <%s>\n' % p for p in pre) + '#include <corosync/%s>\n' % h)
    subprocess.run(['gcc', '-std=gnu99', '-g', '-O0', '-fno-eliminate-unused-debug-types', '-c',
                    '-I' + inc, src, '-o', obj], check=True)
    dies, roots, files = dwarf.parse(obj)
    target = os.path.realpath(os.path.join(inc, 'corosync', h))
    fidx = {i for i, f in files.items() if os.path.realpath(f) == target}
    lines = []

    def walk(d, ind=''):
        for c in d.children:
            f = c.attrs.get('DW_AT_decl_file')
            if f is None or int(f, 0) not in fidx:
                continue
            if c.tag in ('DW_TAG_structure_type', 'DW_TAG_union_type', 'DW_TAG_enumeration_type'):
                lines.append('%s%s %s size=%s align=%s declaration=%s' % (
                    ind, c.tag[7:], c.name() or '<anonymous>', c.attrs.get('DW_AT_byte_size'),
                    c.attrs.get('DW_AT_alignment'), 'DW_AT_declaration' in c.attrs))
                for m in c.children:
                    if m.tag == 'DW_TAG_member':
                        lines.append('%s   member %s offset=%s align=%s bits=%s type=%s' % (
                            ind, m.name(), m.attrs.get('DW_AT_data_member_location'),
                            m.attrs.get('DW_AT_alignment'), m.attrs.get('DW_AT_bit_size'),
                            spell(dies, m.attrs.get('DW_AT_type'))))
                    elif m.tag == 'DW_TAG_enumerator':
                        lines.append('%s   enumerator %s = %s' % (ind, m.name(), m.attrs.get('DW_AT_const_value')))
                walk(c, ind + '      ')
            elif c.tag == 'DW_TAG_typedef':
                lines.append('%stypedef %s = %s' % (ind, c.name(), spell(dies, c.attrs.get('DW_AT_type'))))
            elif c.tag == 'DW_TAG_member':
                pass
            else:
                lines.append('%s%s %s' % (ind, c.tag[7:], c.name()))
    for r in roots:
        walk(r)
    return lines


def macro_table(path):
    table = {}
    if not os.path.exists(path):
        return table
    for line in open(path):
        m = re.match(r'#define (\w+)(\([^)]*\))?(?: (.*))?$', line.rstrip('\n'))
        if not m:
            continue
        name, params, body = m.group(1), m.group(2), m.group(3) or ''
        if params is None:
            table.setdefault(name, []).append('object: ' + body.strip())
        else:
            n = 0 if params == '()' else params.count(',') + 1
            table.setdefault(name, []).append('function of %d parameter(s)%s' % (
                n, ', variadic' if '...' in params else ''))
    return table


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('reference')
    ap.add_argument('ours')
    ap.add_argument('--manifest', default=os.path.join(LAYOUT, 'headers.list'))
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix='compare_trees.')
    lists = {}
    for tag, inc in (('ref', a.reference), ('ours', a.ours)):
        dest = os.path.join(tmp, tag)
        env = dict(os.environ, LAYOUT_INCLUDE=os.path.abspath(inc))
        subprocess.run(['sh', os.path.join(LAYOUT, 'run.sh'), '--regen', dest], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        lists[tag] = dest
    differences = 0
    for h, pre in read_manifest(a.manifest):
        stem = h[:-2]
        ref_types = type_dump(os.path.abspath(a.reference), h, pre, tmp)
        our_types = type_dump(os.path.abspath(a.ours), h, pre, tmp)
        if ref_types != our_types:
            differences += 1
            print('== %s: types differ' % h)
            import difflib
            for line in difflib.unified_diff(ref_types, our_types, 'reference', 'ours', lineterm=''):
                print('   ' + line)
        rp = open(os.path.join(lists['ref'], 'prototypes', stem + '.txt')).read()
        op = open(os.path.join(lists['ours'], 'prototypes', stem + '.txt')).read()
        if rp != op:
            differences += 1
            print('== %s: prototypes differ' % h)
            import difflib
            for line in difflib.unified_diff(rp.splitlines(), op.splitlines(), 'reference', 'ours', lineterm=''):
                print('   ' + line)
        rm = macro_table(os.path.join(lists['ref'], 'macros', stem + '.txt'))
        om = macro_table(os.path.join(lists['ours'], 'macros', stem + '.txt'))
        for name in sorted(set(rm) | set(om)):
            if rm.get(name) != om.get(name):
                differences += 1
                print('== %s: macro %s\n   reference: %s\n   ours:      %s' % (h, name, rm.get(name), om.get(name)))
    print('%d difference(s)' % differences)
    return 1 if differences else 0


if __name__ == '__main__':
    sys.exit(main())
