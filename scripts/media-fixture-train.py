"""30 runs in project 'media': every run logs scalars; four also log each media type the client has."""
import io, math, os, random, struct, sys, wave
import numpy as np
from PIL import Image, ImageDraw
import wandb

random.seed(7); np.random.seed(7)
tmp = sys.argv[1]

def gradient(step, run, size=32):
    y, x = np.mgrid[0:size, 0:size]
    r = (x * 8 + step * 20) % 256; g = (y * 8 + run * 40) % 256; b = ((x + y) * 4) % 256
    return np.stack([r, g, b], -1).astype(np.uint8)

def pil_shape(step, size=40):
    img = Image.new("RGB", (size, size), (240, 240, 240))
    d = ImageDraw.Draw(img); d.ellipse([4 + step, 4, 24 + step, 24], fill=(200, 30, 30)); return img

def wav(path):
    with wave.open(path, "wb") as w:
        w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 8000 * 2 * math.pi * 440))) for i in range(4000)))

def gif(path):
    frames = [Image.fromarray(gradient(i, 1, 24)) for i in range(4)]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=200, loop=0)

class_labels = {0: "background", 1: "cat", 2: "dog"}
for i in range(30):
    media = i < 4
    run = wandb.init(project="media", name=f"run-{i:02d}", config={"lr": 0.001 * (i + 1), "arch": "cnn" if i % 2 else "mlp", "run_index": i})
    for step in range(6 if media else 20):
        row = {"loss": math.exp(-step / 5) + random.random() * 0.1, "acc": 1 - math.exp(-step / 4)}
        if media:
            mask = np.zeros((32, 32), dtype=np.uint8); mask[4:16, 4:16] = 1; mask[18:30, 14 + step % 4:28] = 2
            row["examples"] = wandb.Image(gradient(step, i), caption=f"step {step} of run {i}",
                masks={"predictions": {"mask_data": mask, "class_labels": class_labels}},
                boxes={"predictions": {"box_data": [
                    {"position": {"minX": 0.1, "maxX": 0.5, "minY": 0.1, "maxY": 0.5}, "class_id": 1, "box_caption": "cat", "scores": {"score": 0.9}},
                    {"position": {"minX": 0.55, "maxX": 0.9, "minY": 0.5, "maxY": 0.95}, "class_id": 2, "box_caption": "dog", "scores": {"score": 0.3 + step * 0.1}}],
                    "class_labels": class_labels}})
            row["pil"] = wandb.Image(pil_shape(step), caption="a PIL image")
            row["grid"] = [wandb.Image(gradient(step + k, i, 16), caption=f"sample {k}") for k in range(3)]
            row["weights"] = wandb.Histogram(np.random.randn(500) + step * 0.2)
        run.log(row)
    if media:
        table = wandb.Table(columns=["id", "image", "label", "score"])
        for k in range(12):
            table.add_data(k, wandb.Image(gradient(k, i, 16)), ["cat", "dog"][k % 2], round(random.random(), 3))
        run.log({"predictions": table})
        xs = list(range(20)); line = wandb.Table(data=[[x, math.sin(x / 3)] for x in xs], columns=["x", "y"])
        run.log({"sine": wandb.plot.line(line, "x", "y", title="Sine")})
        y_true = [random.randint(0, 2) for _ in range(40)]; preds = [t if random.random() < 0.7 else random.randint(0, 2) for t in y_true]
        run.log({"confusion": wandb.plot.confusion_matrix(y_true=y_true, preds=preds, class_names=["background", "cat", "dog"])})
        wav(os.path.join(tmp, "tone.wav")); run.log({"tone": wandb.Audio(os.path.join(tmp, "tone.wav"), sample_rate=8000, caption="440 Hz")})
        run.log({"page": wandb.Html("<h1>Report</h1><p>hello</p><script>document.title='pwned'</script>")})
        gif(os.path.join(tmp, "clip.gif")); run.log({"clip": wandb.Video(os.path.join(tmp, "clip.gif"), caption="a clip")})
        run.log({"cloud": wandb.Object3D(np.random.rand(50, 3))})
        run.summary["best_acc"] = 0.9
    run.finish()
