"""Measures the GraphQL documents the official W&B clients send, for the limits in GraphQLLimitsOptions.

Per operation, fragments expanded: fields, depth, fragment spreads, directives; and definitions per document.
Reads the extracted client sources (WANDB_SRC, default /work/wandb-src) and the recorded fixtures (FIXTURES).
Needs graphql-core (Debian python3-graphql-core). Usage: python3 scripts/measure-client-graphql.py
"""
import glob, os, re, json
from collections import Counter
from graphql import parse, FieldNode, FragmentSpreadNode, InlineFragmentNode, OperationDefinitionNode, FragmentDefinitionNode

def cost(doc):
    frags = {d.name.value: d for d in doc.definitions if isinstance(d, FragmentDefinitionNode)}
    memo = {}
    def ss(s, stack):
        f=d=sp=di=0
        if s is None: return (0,0,0,0)
        for sel in s.selections:
            if isinstance(sel, FieldNode):
                a=ss(sel.selection_set, stack); f+=1+a[0]; d=max(d, a[1]+1 if sel.selection_set else 1); sp+=a[2]; di+=a[3]+len(sel.directives or [])
            elif isinstance(sel, InlineFragmentNode):
                a=ss(sel.selection_set, stack); f+=a[0]; d=max(d,a[1]); sp+=a[2]; di+=a[3]+len(sel.directives or [])
            elif isinstance(sel, FragmentSpreadNode):
                n=sel.name.value
                if n in memo: a=memo[n]
                elif n in frags and n not in stack:
                    a=ss(frags[n].selection_set, stack|{n}); a=(a[0],a[1],a[2],a[3]+len(frags[n].directives or [])); memo[n]=a
                else: a=(0,0,0,0)
                f+=a[0]; d=max(d,a[1]); sp+=a[2]+1; di+=a[3]+len(sel.directives or [])
        return (f,d,sp,di)
    worst=[0,0,0,0]
    for op in doc.definitions:
        if isinstance(op, OperationDefinitionNode):
            c=ss(op.selection_set, frozenset()); c=(c[0],c[1],c[2],c[3]+len(op.directives or []))
            worst=[max(x,y) for x,y in zip(worst,c)]
    return worst, len(doc.definitions)

SRC=os.environ.get('WANDB_SRC', '/work/wandb-src')
FIXTURES=os.environ.get('FIXTURES', 'tests/fixtures')
results=[]
def add(label, text):
    try: doc=parse(text)
    except Exception as e: return False
    c,n=cost(doc); results.append((label,c,n)); return True

# Go genqlient documents: one operation per file; fragments may live in other files, so append the fragment-only ones.
for ver in ['v0.22.3','v0.25.1','v0.28.2']:
    texts={f:open(f).read() for f in glob.glob(f'{SRC}/{ver}/core/**/*.graphql', recursive=True)}
    fragment_files='\n'.join(t for t in texts.values() if 'fragment ' in t and not re.search(r'\b(query|mutation)\b', t))
    for f,t in texts.items():
        if not re.search(r'\b(query|mutation)\b', t): continue
        defined=set(re.findall(r'fragment\s+(\w+)', t))
        needed=set(re.findall(r'\.\.\.\s*([A-Za-z_]\w*)', t))
        add(f'{ver}:{f.split(ver+"/")[1]}', t + ('\n' + fragment_files if needed - defined else ''))

# Python documents: triple-quoted strings
pyfrag={}
pyops=[]
for ver in ['v0.16.6','v0.22.3','v0.25.1','v0.28.2']:
    for f in glob.glob(f'{SRC}/{ver}/wandb/**/*.py', recursive=True):
        if '/vendor/' in f: continue
        src=open(f, errors='replace').read()
        for m in re.finditer(r'"""(.*?)"""', src, re.S):
            s=m.group(1)
            if not re.search(r'^\s*(query|mutation|fragment|\{)', s): continue
            s2=re.sub(r'\{\{', '{', re.sub(r'\}\}', '}', s)) if '{{' in s else s
            s2=re.sub(r'\{[a-zA-Z_][\w\.\(\)\'" ,]*\}', '', s2)  # strip format fields
            pyops.append((f'{ver}:{f.split(ver+"/")[1]}', s2))
# fragment pool
for label,s in pyops:
    try: doc=parse(s)
    except Exception: continue
    for d in doc.definitions:
        if isinstance(d, FragmentDefinitionNode): pyfrag.setdefault(d.name.value, s[d.loc.start:d.loc.end])
fail=0
for label,s in pyops:
    if not re.search(r'^\s*(query|mutation|\{)', s): continue
    needed=set(re.findall(r'\.\.\.\s*([A-Za-z_]\w*)', s)); full=s
    seen=set(re.findall(r'fragment\s+(\w+)', s))
    todo=list(needed-seen)
    while todo:
        n=todo.pop()
        if n in seen or n not in pyfrag: continue
        seen.add(n); full+='\n'+pyfrag[n]
        todo+=list(set(re.findall(r'\.\.\.\s*([A-Za-z_]\w*)', pyfrag[n]))-seen)
    if not add(label, full): fail+=1

# fixtures
for f in glob.glob(f'{FIXTURES}/*.jsonl'):
    for line in open(f):
        if not line.strip(): continue
        r=json.loads(line)
        if not str(r.get('path','')).endswith('/graphql'): continue
        b=r.get('body') or r.get('request',{}).get('body')
        if isinstance(b,str):
            try: b=json.loads(b)
            except Exception: continue
        if isinstance(b,dict) and 'query' in b: add(f'fixture:{f.split("/")[-1]}', b['query'])
print('documents', len(results), 'unparsed python', fail)
for i,name in enumerate(['fields','depth','spreads','directives']):
    top=sorted(results, key=lambda r:-r[1][i])[:3]
    print(name, [(t[0], t[1][i]) for t in top])
print('definitions', sorted(results, key=lambda r:-r[2])[:3])
print(Counter(r[0].split(':')[0] for r in results))
for src in ['fixture','v0.28.2','v0.16.6']:
    rs=[r for r in results if r[0].startswith(src)]
    print(src, [max(r[1][i] for r in rs) for i in range(4)])
