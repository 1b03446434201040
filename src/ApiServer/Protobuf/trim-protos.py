#!/usr/bin/env python3
"""Writes trimmed copies of the upstream Kubernetes generated.proto files: only the messages the standalone API
serves and what they reference, with upstream field numbers, names and packages unchanged.

usage: trim-protos.py src/ApiServer/Protobuf   (reads the fetch tool's mirrors of kubernetes/api and
kubernetes/apimachinery at /work/.mirror; add a kind by naming its message in ROOTS)"""
import re, subprocess, sys, os

API = "/work/.mirror/kubernetes+api/repo"
MACH = "/work/.mirror/kubernetes+apimachinery/repo"
FILES = {  # import path -> (git dir, path in repo, C# namespace)
    "k8s.io/apimachinery/pkg/runtime/generated.proto": (MACH, "pkg/runtime/generated.proto", "Runtime"),
    "k8s.io/apimachinery/pkg/util/intstr/generated.proto": (MACH, "pkg/util/intstr/generated.proto", "IntStr"),
    "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto": (MACH, "pkg/apis/meta/v1/generated.proto", "MetaV1"),
    "k8s.io/api/core/v1/generated.proto": (API, "core/v1/generated.proto", "CoreV1"),
    "k8s.io/api/coordination/v1/generated.proto": (API, "coordination/v1/generated.proto", "CoordinationV1"),
    "k8s.io/api/authorization/v1/generated.proto": (API, "authorization/v1/generated.proto", "AuthorizationV1"),
    "k8s.io/api/authentication/v1/generated.proto": (API, "authentication/v1/generated.proto", "AuthenticationV1"),
}
ROOTS = {
    "k8s.io/api/core/v1/generated.proto": ["Namespace", "NamespaceList", "Secret", "SecretList", "ConfigMap", "ConfigMapList",
        "Service", "ServiceList", "Endpoints", "EndpointsList", "Event", "EventList"],
    "k8s.io/api/coordination/v1/generated.proto": ["Lease", "LeaseList"],
    "k8s.io/api/authorization/v1/generated.proto": ["SelfSubjectAccessReview", "SelfSubjectRulesReview"],
    "k8s.io/api/authentication/v1/generated.proto": ["SelfSubjectReview"],
    "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto": ["Status", "WatchEvent", "DeleteOptions"],
    "k8s.io/apimachinery/pkg/runtime/generated.proto": ["Unknown"],
}
out_root = sys.argv[1]
sources, packages, messages, commits = {}, {}, {}, {}
for imp, (git, path, _) in FILES.items():
    text = subprocess.check_output(["git", "--git-dir", git, "show", "HEAD:" + path], text=True)
    commits[imp] = subprocess.check_output(["git", "--git-dir", git, "rev-parse", "HEAD"], text=True).strip()
    packages[imp] = re.search(r"^package ([\w.]+);", text, re.M).group(1)
    for m in re.finditer(r"^message (\w+) \{\n(.*?)^\}", text, re.M | re.S):
        body = [l.strip() for l in m.group(2).splitlines() if l.strip() and not l.strip().startswith("//")]
        messages[(imp, m.group(1))] = body
by_package = {p: i for i, p in packages.items()}

def refs(imp, body):
    for line in body:
        m = re.match(r"(?:optional|repeated) ([\w.]+) \w+ = \d+;", line) or re.match(r"map<\w+, ([\w.]+)> \w+ = \d+;", line)
        if not m:
            raise SystemExit(f"unparsed field: {line}")
        t = m.group(1)
        if t.startswith("."):
            pkg, name = t[1:].rsplit(".", 1)
            yield (by_package[pkg], name)
        elif (imp, t) in messages:
            yield (imp, t)

keep, todo = set(), [(i, n) for i, ns in ROOTS.items() for n in ns]
while todo:
    key = todo.pop()
    if key in keep:
        continue
    if key not in messages:
        raise SystemExit(f"missing {key}")
    keep.add(key)
    todo.extend(refs(key[0], messages[key]))

for imp, (git, path, cs) in FILES.items():
    names = sorted(n for (i, n) in keep if i == imp)
    imports = sorted({r[0] for n in names for r in refs(imp, messages[(imp, n)]) if r[0] != imp})
    lines = [
        "// Trimmed from the published Kubernetes API (Apache License 2.0, Copyright The Kubernetes Authors):",
        f"// {'kubernetes/api' if git == API else 'kubernetes/apimachinery'} {commits[imp]} {path}.",
        "// Only the messages the standalone API serves, and what they reference; packages, names and field numbers",
        "// are upstream's, so a real client's bytes decode. Regenerate with trim-protos.py, do not edit by hand.",
        'syntax = "proto2";', "", f"package {packages[imp]};", "",
    ]
    lines += [f'import "{i}";' for i in imports]
    lines += ["", f'option csharp_namespace = "Dtaas.ApiServer.Protobuf.{cs}";', ""]
    for n in names:
        lines.append(f"message {n} {{")
        lines += ["  " + l for l in messages[(imp, n)]]
        lines += ["}", ""]
    dest = os.path.join(out_root, imp)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "w") as f:
        f.write("\n".join(lines).rstrip() + "\n")
    print(dest, len(names))
