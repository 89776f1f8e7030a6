"""One run in project 'charts' logging each wandb.plot preset once (tests/fixtures/python-0.16.6-charts.jsonl).

pr_curve and roc_curve compute their tables with scikit-learn; here the same preset (wandb/area-under-curve/v0) with
the same fields is logged through wandb.plot_table, which is what both functions call, from tables computed below.
"""
import math, random
import wandb

random.seed(11)
run = wandb.init(project="charts", name="all-presets", config={"classes": 3})
for step in range(5):
    run.log({"loss": math.exp(-step / 3)})

points = wandb.Table(data=[[x, math.sin(x / 4), "sin" if x % 2 else "cos"] for x in range(30)], columns=["x", "y", "kind"])
run.log({"wave": wandb.plot.line(points, "x", "y", stroke="kind", title="Waves")})
cloud = wandb.Table(data=[[random.gauss(0, 1), random.gauss(0, 1)] for _ in range(60)], columns=["a", "b"])
run.log({"cloud": wandb.plot.scatter(cloud, "a", "b", title="Cloud")})
counts = wandb.Table(data=[["cat", 12], ["dog", 30], ["bird", 7]], columns=["animal", "count"])
run.log({"animals": wandb.plot.bar(counts, "animal", "count", title="Animals")})
scores = wandb.Table(data=[[random.gauss(0.5, 0.15)] for _ in range(200)], columns=["score"])
run.log({"scores": wandb.plot.histogram(scores, "score", title="Scores")})
run.log({"series": wandb.plot.line_series(xs=list(range(10)), ys=[[i * i for i in range(10)], [2 * i for i in range(10)]],
                                           keys=["square", "double"], title="Series", xname="epoch")})
y_true = [random.randint(0, 2) for _ in range(50)]
preds = [t if random.random() < 0.6 else random.randint(0, 2) for t in y_true]
run.log({"confusion": wandb.plot.confusion_matrix(y_true=y_true, preds=preds, class_names=["a", "b", "c"], title="Confusion")})
curve = [[c, i / 10, max(0.0, 1 - (i / 10) ** (1 + k))] for k, c in enumerate(["a", "b"]) for i in range(11)]
run.log({"pr": wandb.plot_table("wandb/area-under-curve/v0", wandb.Table(columns=["class", "recall", "precision"], data=curve),
                                {"x": "recall", "y": "precision", "class": "class"}, {"title": "Precision v. Recall"})})
roc = [[c, i / 10, min(1.0, (i / 10) ** (0.3 + 0.4 * k))] for k, c in enumerate(["a", "b"]) for i in range(11)]
run.log({"roc": wandb.plot_table("wandb/area-under-curve/v0", wandb.Table(columns=["class", "fpr", "tpr"], data=roc),
                                 {"x": "fpr", "y": "tpr", "class": "class"},
                                 {"title": "ROC", "x-axis-title": "False positive rate", "y-axis-title": "True positive rate"})})
run.finish()
