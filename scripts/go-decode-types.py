#!/usr/bin/env python3
"""Writes src/cluster/gotypes.txt: the Go types the API server decodes a request body into, for the kinds the
playground serves, cut to what `cluster/decode.rs` needs to answer as encoding/json does (field JSON names, Go
types as reflect prints them, inline embedding flattened).

Source: the Go declarations themselves (the OpenAPI schemas lose the named types, `v1.PodManagementPolicyType`,
`v1.ResourceList`, that the API server's error messages print):

    fetch github:kubernetes/api and github:kubernetes/apimachinery (bare mirrors), then
    python3 scripts/go-decode-types.py /work/.mirror/kubernetes+api/repo /work/.mirror/kubernetes+apimachinery/repo

One line per type, `pkg.Name{field:type,...}` for a struct, `pkg.Name=type` for any other named type. Types keep
Go's syntax (`*`, `[]`, `map[K]V`) with package ids for qualifiers: core, apps, coord, disc, storage, policy, meta (all
printed `v1.` by reflect), resource, intstr, runtime, types.
"""
import re
import subprocess
import sys

API, MACHINERY = sys.argv[1], sys.argv[2]
FILES = [
    (API, "core/v1/types.go", "core"),
    (API, "apps/v1/types.go", "apps"),
    (API, "coordination/v1/types.go", "coord"),
    (API, "discovery/v1/types.go", "disc"),
    (API, "storage/v1/types.go", "storage"),
    (API, "policy/v1/types.go", "policy"),
    (MACHINERY, "pkg/apis/meta/v1/types.go", "meta"),
    (MACHINERY, "pkg/types/uid.go", "types"),
    (MACHINERY, "pkg/types/nodename.go", "types"),
]
IMPORTS = {
    "k8s.io/api/core/v1": "core",
    "k8s.io/api/apps/v1": "apps",
    "k8s.io/apimachinery/pkg/apis/meta/v1": "meta",
    "k8s.io/apimachinery/pkg/api/resource": "resource",
    "k8s.io/apimachinery/pkg/util/intstr": "intstr",
    "k8s.io/apimachinery/pkg/runtime": "runtime",
    "k8s.io/apimachinery/pkg/types": "types",
}
# types with their own UnmarshalJSON (decode.rs knows each); not expanded
SPECIAL = {"meta.Time", "meta.MicroTime", "meta.FieldsV1", "meta.Duration", "resource.Quantity",
           "intstr.IntOrString", "runtime.RawExtension"}
BUILTIN = {"string", "bool", "int", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32",
           "float64", "byte"}
ROOTS = ["core.Pod", "core.Service", "core.PersistentVolumeClaim", "core.PersistentVolume", "core.ConfigMap",
         "core.Secret", "core.ServiceAccount", "core.Namespace", "core.Node", "core.Event", "core.Endpoints",
         "apps.StatefulSet", "apps.Deployment", "apps.ReplicaSet", "apps.DaemonSet", "apps.ControllerRevision",
         "coord.Lease", "disc.EndpointSlice", "storage.StorageClass", "policy.PodDisruptionBudget"]

structs = {}  # id -> [(json name | None for inline, type)]
named = {}  # id -> type


def qualify(t, pkg, aliases):
    def one(m):
        q, name = m.group(1), m.group(2)
        if q:
            return aliases[q[:-1]] + "." + name
        if name in BUILTIN or name in ("map",):
            return "uint8" if name == "byte" else name
        return pkg + "." + name
    return re.sub(r"\b([a-z][a-z0-9]*\.)?([A-Za-z_][A-Za-z0-9_]*)\b", one, t)


for repo, path, pkg in FILES:
    src = subprocess.run(["git", "-C", repo, "show", "HEAD:" + path], capture_output=True, text=True,
                         check=True).stdout
    aliases = {}
    for m in re.finditer(r'^\s*(\w+\s+)?"([^"]+)"\s*$', src[: src.find(")", src.find("import ("))], re.M):
        ident = (m.group(1) or "").strip() or m.group(2).split("/")[-1]
        if m.group(2) in IMPORTS:
            aliases[ident] = IMPORTS[m.group(2)]
    for m in re.finditer(r"^type (\w+) struct \{\n(.*?)^\}", src, re.M | re.S):
        fields = []
        for line in re.sub(r"/\*.*?\*/", "", m.group(2), flags=re.S).split("\n"):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            f = re.match(r"^(\w+)\s+([^\s`]+)\s*(`.*`)?", line)
            e = re.match(r"^(\*?[\w.]+)\s*(`.*`)?$", line)
            if f and not line.startswith(f.group(1) + " `"):
                gname, gtype, tag = f.group(1), f.group(2), f.group(3) or ""
            elif e:
                gname, gtype, tag = None, e.group(1), e.group(2) or ""
            else:
                raise SystemExit("cannot read field %r in %s" % (line, m.group(1)))
            jt = re.search(r'json:"([^"]*)"', tag)
            jname = jt.group(1).split(",")[0] if jt else (gname or gtype.split(".")[-1])
            if jname == "-":
                continue
            inline = gname is None and (jname == "" or (jt and ",inline" in jt.group(1)))
            fields.append((None if inline else jname, qualify(gtype.lstrip("*") if inline else gtype, pkg, aliases)))
        structs[pkg + "." + m.group(1)] = fields
    for m in re.finditer(r"^type (\w+) (=\s*)?([^\s{]+)\s*$", src, re.M):
        if m.group(3) != "struct":
            named[pkg + "." + m.group(1)] = qualify(m.group(3), pkg, aliases)
    for m in re.finditer(r"^type \(\n(.*?)^\)", src, re.M | re.S):
        for line in m.group(1).split("\n"):
            d = re.match(r"^\s*(\w+)\s+(=\s*)?([^\s{]+)\s*$", line)
            if d:
                named[pkg + "." + d.group(1)] = qualify(d.group(3), pkg, aliases)


def refs(t):
    return re.findall(r"\b([a-z]+\.[A-Za-z0-9_]+)", t)


def flat(tid):
    out = []
    for name, t in structs[tid]:
        if name is None:
            out.extend(flat(t))
        else:
            out.append((name, t))
    return out


seen, todo, lines = set(), list(ROOTS), []
while todo:
    tid = todo.pop()
    if tid in seen or tid in SPECIAL:
        continue
    seen.add(tid)
    if tid in structs:
        fs = flat(tid)
        lines.append(tid + "{" + ",".join("%s:%s" % f for f in fs) + "}")
        for _, t in fs:
            todo.extend(refs(t))
    elif tid in named:
        # an alias (`type A = B`) prints as B: resolve it here
        lines.append(tid + "=" + named[tid])
        todo.extend(refs(named[tid]))
    else:
        raise SystemExit("unknown type " + tid)
lines.sort()
sys.stdout.write("\n".join(lines) + "\n")
