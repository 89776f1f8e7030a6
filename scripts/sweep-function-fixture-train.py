"""wandb.sweep(config) and wandb.agent(sweep_id, function=train, count=3) in one process, then the public API reads.

Records tests/fixtures/python-0.16.6-sweep-function.jsonl (see tests/fixtures/README.md): the in-process agent
(wandb/agents/pyagent.py) heartbeats from a thread, runs `train` for each `run` command it gets and stops after
`count` runs; the grid has 6 points, so the sweep stays RUNNING with 3 left.
"""
import wandb

config = {
    "name": "function-agent",
    "method": "grid",
    "metric": {"name": "val.loss", "goal": "minimize"},
    "parameters": {
        "lr": {"values": [0.1, 0.01, 0.001]},
        "optimizer": {"parameters": {"name": {"values": ["adam", "sgd"]}}},
    },
}


def train():
    run = wandb.init()
    lr = run.config.lr
    penalty = 0.0 if run.config.optimizer["name"] == "adam" else 0.05
    for step in range(4):
        wandb.log({"val": {"loss": abs(lr - 0.01) + penalty + 1.0 / (step + 2)}, "epoch": step})
    run.finish()


sweep_id = wandb.sweep(config, project="sweepfn")
wandb.agent(sweep_id, function=train, count=3)

api = wandb.Api()
sweep = api.sweep(f"{api.default_entity}/sweepfn/{sweep_id}")
best = sweep.best_run()  # by the sweep's metric: +summary_metrics.val.loss
worst = sweep.best_run(order="summary_metrics.val.loss")  # the client makes a bare key descending
print("sweep", sweep.id, sweep.state, "expected", sweep.expected_run_count, "runs", len(sweep.runs))
print("best", best.id, best.config, "worst", worst.id, worst.config)
print("run.sweep", api.run(f"{api.default_entity}/sweepfn/{best.id}").sweep.id)
