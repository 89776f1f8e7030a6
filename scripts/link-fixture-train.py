"""Linking as a Python 0.16.6 user does it (tests/fixtures/python-0.16.6-link.jsonl).

A run logs model 'weights' twice and links each version into the portfolio 'local/registry-demo/prod-weights'
(v0 with alias 'staging', v1 with 'production'); run.link_model logs 'weights-dir' and links it into the model
registry ('model-registry/classifier'); then the public API reads the portfolio by alias and by version, downloads a
linked version and links an already logged version again from outside a run (artifact.link).
"""
import os, sys, tempfile
import wandb

work = tempfile.mkdtemp()
run = wandb.init(project="link-src", name="trainer")
for version, alias in ((0, "staging"), (1, "production")):
    art = wandb.Artifact("weights", type="model", metadata={"epoch": version})
    with art.new_file("weights.bin") as f:
        f.write(f"weights of version {version}\n" * 50)
    run.log_artifact(art)
    art.wait()
    run.link_artifact(art, "local/registry-demo/prod-weights", aliases=[alias])

model_dir = os.path.join(work, "model")
os.makedirs(model_dir)
with open(os.path.join(model_dir, "model.txt"), "w") as f:
    f.write("a tiny model\n")
run.link_model(model_dir, "classifier", name="weights-dir", aliases=["candidate"])
run.finish()

api = wandb.Api()
prod = api.artifact("local/registry-demo/prod-weights:production")
staging = api.artifact("local/registry-demo/prod-weights:v0")
print("production ->", prod.name, prod.version, prod.source_name, prod.digest, prod.aliases)
print("staging ->", staging.name, staging.version, staging.source_name, staging.aliases)
source = api.artifact("local/link-src/weights:v1")
assert prod.digest == source.digest, (prod.digest, source.digest)
path = prod.download(root=os.path.join(work, "download"))
content = open(os.path.join(path, "weights.bin")).read()
assert content.startswith("weights of version 1"), content[:40]
registered = api.artifact("local/model-registry/classifier:candidate")
print("registered ->", registered.name, registered.source_name, registered.aliases)
source.link("local/registry-demo/prod-weights", aliases=["best"])
again = api.artifact("local/registry-demo/prod-weights:best")
print("best ->", again.name, again.version)
assert again.version == "v1", again.version
print("LINK-SCENARIO-OK")
