#!/usr/bin/env python3
"""Writes the hand-built Go core fixtures of tests/fixtures/ from the 0.28.2 document corpus.

The Go core (wandb 0.2x) cannot run here, so these sequences are written from its source rather than recorded:
the GraphQL texts are the core's own documents as the corpus holds them (tests/fixtures/graphql/wandb-0.28.2.jsonl),
the variables, headers and bodies follow what the core builds (wandb v0.28.2 core/pkg/artifacts/saver.go,
multipart.go, downloader.go, manifest.go; core/internal/stream/stream_init.go; core/internal/filestream/;
core/internal/runconsolelogs/). Run it from the repository root; it rewrites:

  tests/fixtures/go-core-0.28.2-artifact-multipart-download.jsonl
  tests/fixtures/go-core-0.28.2-shared-mode.jsonl

Two things are scaled down and say so in tests/fixtures/README.md: the multipart file is 2.5 KB in parts of 1 KiB
(the core splits files of 2 GiB and more into 100 MiB parts; the server takes any part size), and ids the server hands
out are placeholders the replay maps onto the live ones (fixtures README, "How a replay test should use them").
"""

import base64
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "fixtures", "graphql", "wandb-0.28.2.jsonl")
CLIENT = "go-core-0.28.2"
GRAPHQL_HEADERS = {"Content-Type": "application/json", "User-Agent": "wandb-core"}
FILESTREAM_HEADERS = {"Content-Type": "application/json", "Content-Encoding": "gzip", "User-Agent": "wandb-core"}


def documents():
    docs = {}
    with open(CORPUS, encoding="utf-8") as corpus:
        for line in corpus:
            doc = json.loads(line)
            if doc["client"] == "go-core":
                docs[doc["operation"]] = doc["query"]
    return docs


DOCS = documents()


class Fixture:
    def __init__(self, scenario):
        self.scenario = scenario
        self.lines = []

    def add(self, method, path, headers, body, operation=None, example_response=None):
        self.lines.append({
            "seq": len(self.lines) + 1, "client": CLIENT, "scenario": self.scenario, "method": method, "path": path,
            "headers": headers, "body": body, "operation": operation, "example_response": example_response,
            "status": 200, "truncated": [],
        })

    def graphql(self, operation, variables, headers=None, example_response=None):
        self.add("POST", "/graphql", headers or GRAPHQL_HEADERS, {"query": DOCS[operation], "variables": variables},
                 operation, example_response)

    def write(self, name):
        with open(os.path.join(ROOT, "tests", "fixtures", name), "w", encoding="utf-8") as out:
            for line in self.lines:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")


def b64md5(data):
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def go_json(value):
    """encoding/json.Marshal: no spaces, map keys sorted, struct fields in declaration order (kept by the dicts)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def upsert_bucket(project, run, config, host):
    return {
        "project": project, "entity": "local", "host": host, "program": "train.py", "name": run,
        "config": go_json(config),
    }


def wandb_config(extra):
    config = dict(extra)
    config["_wandb"] = {"value": {"cli_version": "0.28.2", "python_version": "3.11.2", "t": {
        "1": [1, 55], "2": [1, 55], "3": [16, 23, 55], "4": "3.11.2", "5": "0.28.2", "8": [5], "12": "0.28.2",
        "13": "linux-x86_64"}}}
    return config


# --- artifact save with a multipart file, a second version that reuses it, and the core's download ---------------

PROJECT = "gocore-artifacts"
PART = 1024
WEIGHTS = "".join(f"layer{i:04d}:" + "0123456789abcdef" * 3 + "\n" for i in range(46)).encode()  # 2.5 KB, 3 parts
CONFIG_V0 = b'{"hidden": 128, "layers": 4}\n'
CONFIG_V1 = b'{"hidden": 256, "layers": 4}\n'
STAGING = "/home/user/.local/share/wandb/artifacts/staging"

# Ids a capture server would have handed out; the replay maps them onto ours.
ARTIFACT_V0, ARTIFACT_V1 = "QXJ0aWZhY3Q6MTAx", "QXJ0aWZhY3Q6MTAy"
MANIFEST_V0, MANIFEST_V1 = "QXJ0aWZhY3RNYW5pZmVzdDoyMDE=", "QXJ0aWZhY3RNYW5pZmVzdDoyMDI="


def parts(data):
    return [data[i:i + PART] for i in range(0, len(data), PART)]


def artifact_digest(entries):
    """CreateArtifact.digest: hex MD5 over the sorted "path:digest" lines (docs/protocol/artifacts.md)."""
    text = "wandb-artifact-manifest-v1\n" + "".join(f"{path}:{entries[path]}\n" for path in sorted(entries))
    return hashlib.md5(text.encode()).hexdigest()


def manifest(files, births):
    """The manifest the core writes (core/pkg/artifacts/manifest.go: Manifest, ManifestEntry field order)."""
    contents = {}
    for name in sorted(files):
        contents[name] = {"digest": b64md5(files[name]), "size": len(files[name]),
                          "local_path": f"{STAGING}/{name}", "birthArtifactID": births[name], "skip_cache": False}
    return go_json({"version": 1, "storagePolicy": "wandb-storage-policy-v1",
                    "storagePolicyConfig": {"storageLayout": "V2"}, "contents": contents})


def create_artifact(run, digest, client_id, sequence_client_id):
    return {"input": {
        "aliases": [{"artifactCollectionName": "weights", "alias": "latest"}],
        "artifactCollectionName": "weights", "artifactCollectionNames": None, "artifactTypeName": "model",
        "clientID": client_id, "clientMutationId": None, "description": None, "digest": digest,
        "digestAlgorithm": "MANIFEST_MD5", "distributedID": None, "enableDigestDeduplication": True,
        "entityName": "local", "historyStep": None, "labels": None, "metadata": None, "projectName": PROJECT,
        "runName": run, "sequenceClientID": sequence_client_id, "storageRegion": None, "ttlDurationSeconds": None,
    }}


def create_manifest(artifact, base, digest, run, include_upload):
    return {"artifactID": artifact, "baseArtifactID": base, "name": "wandb_manifest.json", "digest": digest,
            "entityName": "local", "projectName": PROJECT, "runName": run, "manifestType": "FULL",
            "includeUpload": include_upload}


def file_spec(artifact, manifest_id, name, data, multipart):
    spec = {"artifactID": artifact, "artifactManifestID": manifest_id, "md5": b64md5(data), "mimetype": None,
            "name": name, "uploadPartsInput": None}
    if multipart:
        spec["uploadPartsInput"] = [{"hexMD5": hashlib.md5(p).hexdigest(), "partNumber": i + 1}
                                    for i, p in enumerate(parts(data))]
    return spec


def save_version(f, run, artifact, manifest_id, base, files, births, multipart, latest_example):
    entries = {name: b64md5(data) for name, data in files.items()}
    client_id = hashlib.md5(artifact.encode()).hexdigest()  # the SDK's random 128-bit client id, fixed here
    f.graphql("CreateArtifact", create_artifact(run, artifact_digest(entries), client_id, "8c3b1d2e4f5a69788796a5b4c3d2e1f0"),
              example_response={"data": {"createArtifact": {"artifact": {
                  "id": artifact, "state": "PENDING",
                  "artifactSequence": {"latestArtifact": latest_example}}}}})
    f.graphql("CreateArtifactManifest", create_manifest(artifact, base, "", run, False),
              example_response={"data": {"createArtifactManifest": {"artifactManifest": {
                  "id": manifest_id, "file": {"id": "RmlsZTox"}}}}})
    # One batch; the core iterates a Go map, so the order is not the manifest's.
    names = sorted(files, reverse=True)
    f.graphql("CreateArtifactFiles", {
        "artifactFiles": [file_spec(artifact, manifest_id, n, files[n], n in multipart) for n in names],
        "storageLayout": "V2"})
    for name in names:
        if births[name] != artifact:
            continue  # stored by an earlier version: the server answers uploadUrl null and the core skips it
        if name in multipart:
            etags = []
            for number, part in enumerate(parts(files[name]), start=1):
                f.add("PUT", f"{name}#part={number}",
                      {"Content-Md5": b64md5(part), "Content-Type": ""}, part.decode())
                etags.append({"partNumber": number, "hexMD5": '"' + hashlib.md5(part).hexdigest() + '"'})
            f.graphql("CompleteMultipartUploadArtifact", {
                "completeMultipartAction": "Complete", "completedParts": etags, "artifactID": artifact,
                "storagePath": f"wandb_artifacts/{name}", "uploadID": f"upload-{name}"})
        else:
            f.add("PUT", name, {"User-Agent": "wandb-core"}, files[name].decode())
    body = manifest(files, births)
    f.graphql("CreateArtifactManifest", create_manifest(artifact, base, b64md5(body.encode()), run, True),
              example_response={"data": {"createArtifactManifest": {"artifactManifest": {
                  "id": manifest_id, "file": {"id": "RmlsZTox", "uploadUrl": "", "uploadHeaders": []}}}}})
    f.add("PUT", "wandb_manifest.json", {"User-Agent": "wandb-core"}, body)
    f.graphql("CommitArtifact", {"artifactID": artifact})


def download(f, artifact, files, births):
    f.graphql("ArtifactManifest", {"artifact_id": artifact})
    f.add("GET", "wandb_manifest.json", {}, None)
    entries = [{"birthArtifactID": births[n], "digest": b64md5(files[n]), "name": n, "ref": None,
                "size": len(files[n])} for n in sorted(files, reverse=True)]
    f.graphql("ArtifactFileURLsByManifestEntries", {
        "id": artifact, "entries": entries, "storageLayout": "V2", "manifestVersion": "1", "storageRegion": None})
    for name in sorted(files, reverse=True):
        f.add("GET", name, {}, None)


def artifact_fixture():
    f = Fixture("artifact-multipart-download")
    f.graphql("Viewer", {})
    f.graphql("ServerFeaturesQuery", {})
    f.graphql("UpsertBucket", upsert_bucket(PROJECT, "ar0001", wandb_config({"lr": {"value": 0.01}}), "trainer-2"))
    v0 = {"config.json": CONFIG_V0, "weights.bin": WEIGHTS}
    save_version(f, "ar0001", ARTIFACT_V0, MANIFEST_V0, None, v0,
                 {"config.json": ARTIFACT_V0, "weights.bin": ARTIFACT_V0}, {"weights.bin"}, None)
    v1 = {"config.json": CONFIG_V1, "weights.bin": WEIGHTS}
    births_v1 = {"config.json": ARTIFACT_V1, "weights.bin": ARTIFACT_V0}
    save_version(f, "ar0001", ARTIFACT_V1, MANIFEST_V1, ARTIFACT_V0, v1, births_v1, {"weights.bin"},
                 {"id": ARTIFACT_V0})
    download(f, ARTIFACT_V1, v1, births_v1)
    f.write(f"{CLIENT}-artifact-multipart-download.jsonl")


# --- shared mode: a primary and a non-primary writer on one run -----------------------------------------------

SHARED_PROJECT, SHARED_RUN = "gocore-shared", "sh0001"
WRITERS = {"node-0": "q7m2k9x4c8v1b5n3z6l0p2r4t8y1w3e5", "node-1": "h4j8d2s6f0g3a7k1m5n9b2v6c0x4z8l1"}


def shared_headers(label, file_stream):
    headers = dict(FILESTREAM_HEADERS if file_stream else GRAPHQL_HEADERS)
    headers["X-WANDB-USE-ASYNC-FILESTREAM"] = "true"
    headers["X-WANDB-ASYNC-CLIENT-ID" if file_stream else "X-WANDB-CLIENT-ID"] = WRITERS[label]
    return headers


def history_row(label, i):
    # Shared-mode writers leave _step out (core/internal/stream/handler.go:flushPartialHistory).
    t = 1765200000.0 + i
    if label == "node-0":
        return go_json({"_runtime": 2.0 + i, "_timestamp": t, "loss": round(1.0 / (i + 1), 6)})
    return go_json({"_runtime": 2.5 + i, "_timestamp": t + 0.5, "acc": round(0.1 * (i + 1), 6)})


def console(label, text, second):
    return f"2026-12-07T12:00:{second:02d}.000000 [{label}] {text}"


def shared_stream(f, label, files, **final):
    body = {"files": files}
    body.update(final)
    f.add("POST", f"/files/local/{SHARED_PROJECT}/{SHARED_RUN}/file_stream", shared_headers(label, True), body)


def shared_fixture():
    f = Fixture("shared-mode")
    for label, host, config in (("node-0", "trainer-0", {"lr": {"value": 0.01}, "batch_size": {"value": 32}}),
                                ("node-1", "trainer-1", {"lr": {"value": 0.01}, "data_shard": {"value": 1}})):
        f.graphql("Viewer", {}, shared_headers(label, False))
        f.graphql("UpsertBucket", upsert_bucket(SHARED_PROJECT, SHARED_RUN, wandb_config(config), host),
                  shared_headers(label, False))

    def events(label, i):
        return go_json({f"system.cpu/l:{label}": 10.0 + i, f"system.memory/l:{label}": 40.0,
                        "_runtime": 3.0 + i, "_timestamp": 1765200001.0 + i, "_wandb": True})

    shared_stream(f, "node-0", {
        "wandb-history.jsonl": {"offset": 0, "content": [history_row("node-0", i) for i in range(3)]},
        "wandb-events.jsonl": {"offset": 0, "content": [events("node-0", 0)]},
        "output.log": {"offset": 0, "content": [console("node-0", "epoch 0", 1), console("node-0", "epoch 1", 2)]},
        "wandb-summary.json": {"offset": 0, "content": [go_json({"loss": 0.333333, "_wandb": {"runtime": 4}})]}})
    shared_stream(f, "node-1", {
        "wandb-history.jsonl": {"offset": 0, "content": [history_row("node-1", i) for i in range(3)]},
        "wandb-events.jsonl": {"offset": 0, "content": [events("node-1", 0)]},
        "output.log": {"offset": 0, "content": [console("node-1", "shard 1 loaded", 1)]},
        "wandb-summary.json": {"offset": 0, "content": [go_json({"acc": 0.3})]}})
    shared_stream(f, "node-0", {
        "wandb-history.jsonl": {"offset": 3, "content": [history_row("node-0", i) for i in range(3, 5)]},
        "output.log": {"offset": 2, "content": [console("node-0", "epoch 2", 5)]},
        "wandb-summary.json": {"offset": 0, "content": [go_json({"loss": 0.2, "_wandb": {"runtime": 6}})]}})
    late = {
        "wandb-history.jsonl": {"offset": 3, "content": [history_row("node-1", i) for i in range(3, 5)]},
        "wandb-events.jsonl": {"offset": 1, "content": [events("node-1", 1)]},
        "wandb-summary.json": {"offset": 0, "content": [go_json({"acc": 0.5})]}}
    shared_stream(f, "node-1", late)
    shared_stream(f, "node-1", late)  # the core's retry of a post whose answer it did not see
    # The primary uploads the run files; the other writer skips them (core/internal/stream/sender.go: IsPrimary).
    names = ["wandb-metadata.json", "config.yaml", "wandb-summary.json"]
    f.graphql("CreateRunFiles", {"entity": "local", "project": SHARED_PROJECT, "run": SHARED_RUN, "files": names},
              shared_headers("node-0", False))
    f.add("PUT", "wandb-metadata.json", {"User-Agent": "wandb-core"},
          go_json({"os": "Linux", "python": "CPython 3.11.2", "program": "train.py", "host": "trainer-0"}))
    f.add("PUT", "config.yaml", {"User-Agent": "wandb-core"},
          "_wandb:\n  value:\n    cli_version: 0.28.2\nbatch_size:\n  value: 32\nlr:\n  value: 0.01\n")
    f.add("PUT", "wandb-summary.json", {"User-Agent": "wandb-core"}, go_json({"loss": 0.2, "_wandb": {"runtime": 6}}))
    # x_update_finish_state false: the second writer ends without "complete".
    shared_stream(f, "node-1", {"wandb-summary.json": {"offset": 0, "content": [go_json({"acc": 0.5})]}},
                  uploaded=[])
    shared_stream(f, "node-0", {"wandb-summary.json": {"offset": 0, "content": [
        go_json({"loss": 0.2, "_wandb": {"runtime": 7}})]}}, uploaded=names, complete=True, exitcode=0)
    f.write(f"{CLIENT}-shared-mode.jsonl")


if __name__ == "__main__":
    if not os.path.exists(CORPUS):
        sys.exit(f"{CORPUS} is missing: run scripts/extract-graphql-corpus.py first")
    artifact_fixture()
    shared_fixture()
