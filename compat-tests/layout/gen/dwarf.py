# Minimal DWARF reader on top of the text output of binutils readelf
# (--debug-dump=info and =line), enough to list the types a header declares
# and to spell them back as C type names.  Tested with binutils 2.40 / gcc 12.
import re, subprocess

class Die:
    __slots__ = ('off', 'tag', 'attrs', 'children', 'parent', 'depth')
    def __init__(self, off, tag, depth):
        self.off, self.tag, self.depth = off, tag, depth
        self.attrs, self.children, self.parent = {}, [], None
    def name(self):
        return self.attrs.get('DW_AT_name')

hdr_re = re.compile(r'^\s*<(\d+)><([0-9a-f]+)>: Abbrev Number: (\d+)(?: \((\w+)\))?')
attr_re = re.compile(r'^\s*<[0-9a-f]+>\s+(DW_AT_\w+)\s*:\s*(.*)$')

def _val(a, v):
    v = v.strip()
    # drop "(form)" prefixes and "(offset: 0x..):" string indirections
    while True:
        m = re.match(r'^\((?:[a-z_0-9]+|indirect (?:line )?string, offset: (?:0x)?[0-9a-f]+|offset: (?:0x)?[0-9a-f]+)\):?\s*(.*)$', v)
        if not m: break
        v = m.group(1)
    if a in ('DW_AT_type', 'DW_AT_sibling'):
        m = re.search(r'<0x([0-9a-f]+)>', v)
        return int(m.group(1), 16)
    return v

def parse(obj):
    out = subprocess.run(['readelf', '-W', '--debug-dump=info', obj], capture_output=True, text=True, check=True).stdout
    dies = {}
    stack = []
    roots = []
    cur = None
    for line in out.splitlines():
        m = hdr_re.match(line)
        if m:
            depth, off, abbrev, tag = int(m.group(1)), int(m.group(2), 16), m.group(3), m.group(4)
            if abbrev == '0':
                # end of children
                cur = None
                continue
            d = Die(off, tag, depth)
            dies[off] = d
            while stack and stack[-1].depth >= depth:
                stack.pop()
            if stack:
                d.parent = stack[-1]
                stack[-1].children.append(d)
            else:
                roots.append(d)
            stack.append(d)
            cur = d
            continue
        m = attr_re.match(line)
        if m and cur is not None:
            cur.attrs[m.group(1)] = _val(m.group(1), m.group(2))
    files = parse_files(obj)
    return dies, roots, files

def parse_files(obj):
    out = subprocess.run(['readelf', '-W', '--debug-dump=line', obj], capture_output=True, text=True, check=True).stdout
    dirs, files = {}, {}
    mode = None
    for line in out.splitlines():
        if 'The Directory Table' in line: mode = 'd'; continue
        if 'The File Name Table' in line: mode = 'f'; continue
        if mode and line.strip() == '':
            if (mode == 'f' and files) or (mode == 'd' and dirs):
                mode = None
            continue
        if mode == 'd':
            m = re.match(r'^\s*(\d+)\s+(?:\(line_strp\)\s+)?(?:\((?:indirect line string, )?offset: 0x[0-9a-f]+\): )?(.*)$', line)
            if m: dirs[int(m.group(1))] = m.group(2)
        elif mode == 'f':
            m = re.match(r'^\s*(\d+)\s+(?:\(udata\)\s+)?(\d+)\s+(?:\(line_strp\)\s+)?(?:\((?:indirect line string, )?offset: 0x[0-9a-f]+\): )?(.*)$', line)
            if m: files[int(m.group(1))] = dirs.get(int(m.group(2)), '') + '/' + m.group(3)
    return files

# ---------- C type spelling ----------
class Unspellable(Exception):
    pass

def tagname(d):
    kw = {'DW_TAG_structure_type': 'struct', 'DW_TAG_union_type': 'union', 'DW_TAG_enumeration_type': 'enum'}[d.tag]
    if d.name() is None:
        raise Unspellable(d.tag)
    return kw + ' ' + d.name()

def spell(dies, toff, inner=''):
    def sp(s):
        return (' ' + s) if s and not s.startswith(('[', ')')) else s
    if toff is None:
        return ('void' + sp(inner)).strip()
    d = dies[toff]
    t = d.tag
    if t in ('DW_TAG_base_type', 'DW_TAG_typedef'):
        return (d.name() + sp(inner)).strip()
    if t in ('DW_TAG_structure_type', 'DW_TAG_union_type', 'DW_TAG_enumeration_type'):
        return (tagname(d) + sp(inner)).strip()
    if t == 'DW_TAG_pointer_type':
        tgt = d.attrs.get('DW_AT_type')
        tt = dies[tgt].tag if tgt is not None else None
        if tt in ('DW_TAG_array_type', 'DW_TAG_subroutine_type'):
            return spell(dies, tgt, '(*' + inner + ')')
        return spell(dies, tgt, '*' + inner)
    if t in ('DW_TAG_const_type', 'DW_TAG_volatile_type'):
        q = 'const' if t == 'DW_TAG_const_type' else 'volatile'
        tgt = d.attrs.get('DW_AT_type')
        if tgt is not None and dies[tgt].tag == 'DW_TAG_pointer_type':
            return spell(dies, tgt, q + ' ' + inner if inner else q)
        return q + ' ' + spell(dies, tgt, inner)
    if t == 'DW_TAG_array_type':
        dims = ''
        for c in d.children:
            if c.tag == 'DW_TAG_subrange_type':
                if 'DW_AT_upper_bound' in c.attrs:
                    dims += '[%d]' % (int(c.attrs['DW_AT_upper_bound'], 0) + 1)
                elif 'DW_AT_count' in c.attrs:
                    dims += '[%d]' % int(c.attrs['DW_AT_count'], 0)
                else:
                    dims += '[]'
        return spell(dies, d.attrs.get('DW_AT_type'), inner + dims)
    if t == 'DW_TAG_subroutine_type':
        ps = []
        for c in d.children:
            if c.tag == 'DW_TAG_formal_parameter':
                ps.append(spell(dies, c.attrs.get('DW_AT_type')))
            elif c.tag == 'DW_TAG_unspecified_parameters':
                ps.append('...')
        if not ps and 'DW_AT_prototyped' in d.attrs:
            ps = ['void']
        return spell(dies, d.attrs.get('DW_AT_type'), inner + '(' + ', '.join(ps) + ')')
    raise Unspellable(t)

def strip_typedef_chain(dies, toff):
    while toff is not None and dies[toff].tag in ('DW_TAG_typedef', 'DW_TAG_const_type', 'DW_TAG_volatile_type'):
        toff = dies[toff].attrs.get('DW_AT_type')
    return toff
