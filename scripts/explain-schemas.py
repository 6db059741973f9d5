#!/usr/bin/env python3
"""Writes src/shell/kubectl/explain.json: the OpenAPI field docs `kubectl explain` shows, for the kinds the
playground has, cut to what explain reads (descriptions, types, formats, required lists, item and map types).

Source: Kubernetes 1.37's API schemas as the PyPI package kubernetes-validate 1.37.0 ships them (generated from
the release's OpenAPI spec, the same descriptions as api/openapi-spec/v3/*.json):

    pip download --no-deps kubernetes-validate==1.37.0 -d /tmp/kv && cd /tmp/kv && unzip -q *.whl
    python3 scripts/explain-schemas.py \
        /tmp/kv/kubernetes_validate/kubernetes-json-schema/v1.37.0-local/_definitions.json

Compact form, one node per schema: d description, t type, f format, r required, p properties, i items,
a additionalProperties, $ a reference (the definition's name without "io.k8s."), g [group, version, kind].
The package writes reference types as JSON-schema `oneOf`s without their own description (IntOrString,
Quantity); they become the string types of the v3 document, IntOrString with its (stable) description, Quantity
without one (its long description changed form over releases, and no 1.37 copy was at hand).
"""
import json
import sys

ROOTS = {
    "io.k8s.api.apps.v1.StatefulSet": ["apps", "v1", "StatefulSet"],
    "io.k8s.api.apps.v1.Deployment": ["apps", "v1", "Deployment"],
    "io.k8s.api.core.v1.Pod": ["", "v1", "Pod"],
    "io.k8s.api.core.v1.Service": ["", "v1", "Service"],
    "io.k8s.api.core.v1.PersistentVolumeClaim": ["", "v1", "PersistentVolumeClaim"],
    "io.k8s.api.coordination.v1.Lease": ["coordination.k8s.io", "v1", "Lease"],
    "io.k8s.api.policy.v1.PodDisruptionBudget": ["policy", "v1", "PodDisruptionBudget"],
}
# what the v3 document says for the types the package writes as oneOf
SPECIAL = {
    # the Go doc comment of k8s.io/apimachinery/pkg/util/intstr.IntOrString, unchanged for years
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {
        "d": "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and "
        "unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field "
        "that can accept a name or number.",
        "t": "string",
        "f": "int-or-string",
    },
    "io.k8s.apimachinery.pkg.api.resource.Quantity": {"t": "string"},
}


def short(ref):
    name = ref.split("/")[-1]
    assert name.startswith("io.k8s."), name
    return name[len("io.k8s."):]


def node(s, defs, todo):
    out = {}
    if "$ref" in s:
        name = s["$ref"].split("/")[-1]
        todo.append(name)
        out["$"] = short(name)
    if "description" in s:
        out["d"] = s["description"]
    t = s.get("type")
    if isinstance(t, list):
        t = [x for x in t if x != "null"][0]
    if t:
        out["t"] = t
    if "format" in s:
        out["f"] = s["format"]
    if s.get("required"):
        out["r"] = s["required"]
    if "properties" in s:
        out["p"] = {k: node(v, defs, todo) for k, v in sorted(s["properties"].items())}
    if "items" in s:
        out["i"] = node(s["items"], defs, todo)
    if isinstance(s.get("additionalProperties"), dict):
        out["a"] = node(s["additionalProperties"], defs, todo)
    return out


def main():
    defs = json.load(open(sys.argv[1]))["$defs"]
    todo = list(ROOTS)
    out = {}
    while todo:
        name = todo.pop()
        if short(name) in out:
            continue
        if name in SPECIAL:
            out[short(name)] = SPECIAL[name]
            continue
        n = node(defs[name], defs, todo)
        if name in ROOTS:
            n["g"] = ROOTS[name]
            # the package pins apiVersion and kind with an enum the API's document does not have
        out[short(name)] = n
    for n in out.values():
        for f in ("apiVersion", "kind"):
            n.get("p", {}).get(f, {}).pop("e", None)
    text = json.dumps(dict(sorted(out.items())), separators=(",", ":"), ensure_ascii=False)
    open("src/shell/kubectl/explain.json", "w").write(text + "\n")
    print(f"{len(out)} definitions, {len(text)} bytes")


main()
