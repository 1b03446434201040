#!/usr/bin/env python3
"""Writes <Kind>.pb for every <Kind>.txtpb here: the bytes the published Kubernetes encoding gives that object.

Independent of the server's code: protoc (from the Grpc.Tools package) encodes the text-format message with the
*upstream* generated.proto files, read whole from git mirrors of kubernetes/api and kubernetes/apimachinery, and
wraps it as apimachinery's protobuf serializer does: "k8s\\0" + runtime.Unknown{typeMeta{apiVersion, kind}, raw,
contentEncoding "", contentType ""}. WatchEvent.pb is one watch-stream frame (4-byte big-endian length, then a bare
meta/v1 WatchEvent whose object.raw is Secret.pb), as apimachinery's RawSerializer and LengthDelimitedFramer write it.

usage: make-golden.py <kubernetes/api git dir> <kubernetes/apimachinery git dir> <protoc>
(the fetch tool's mirrors: /work/.mirror/kubernetes+api/repo, /work/.mirror/kubernetes+apimachinery/repo)
"""
import glob, os, re, struct, subprocess, sys, tempfile

api, machinery, protoc = sys.argv[1:4]
here = os.path.dirname(os.path.abspath(__file__))
root = tempfile.mkdtemp()
for git, prefix in ((api, "k8s.io/api/"), (machinery, "k8s.io/apimachinery/")):
    files = subprocess.check_output(["git", "--git-dir", git, "ls-tree", "-r", "--name-only", "HEAD"], text=True).split()
    for path in (f for f in files if f.endswith("/generated.proto")):
        dest = os.path.join(root, prefix + path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as out:
            out.write(subprocess.check_output(["git", "--git-dir", git, "show", "HEAD:" + path]))

def proto_file(message):
    package = message.rsplit(".", 1)[0]
    for path in glob.glob(os.path.join(root, "**/generated.proto"), recursive=True):
        with open(path) as f:
            if re.search(rf"^package {re.escape(package)};", f.read(), re.M):
                return os.path.relpath(path, root)
    raise SystemExit(f"no upstream file has package {package}")

def encode(message, text):
    return subprocess.run([protoc, "-I", root, f"--encode={message}", proto_file(message)],
                          input=text.encode(), capture_output=True, check=True).stdout

def escaped(data):
    return "".join(f"\\{b:03o}" for b in data)

def header(text, name):
    m = re.search(rf"^# {name}: (\S+)$", text, re.M)
    return m.group(1) if m else None

written = {}
for path in sorted(glob.glob(os.path.join(here, "*.txtpb")), key=lambda p: p.endswith("WatchEvent.txtpb")):
    kind = os.path.basename(path)[:-len(".txtpb")]
    with open(path) as f:
        text = f.read()
    message = header(text, "proto-message")
    if kind == "WatchEvent":
        body = encode(message, text.replace('"@Secret"', f'"{escaped(written["Secret"])}"'))
        data = struct.pack(">I", len(body)) + body
    else:
        raw = encode(message, text)
        unknown = encode("k8s.io.apimachinery.pkg.runtime.Unknown",
                         f'typeMeta {{ apiVersion: "{header(text, "apiVersion")}" kind: "{kind}" }} raw: "{escaped(raw)}" contentEncoding: "" contentType: ""')
        data = b"k8s\0" + unknown
    written[kind] = data
    with open(os.path.join(here, kind + ".pb"), "wb") as out:
        out.write(data)
    print(kind, len(data), "bytes")
