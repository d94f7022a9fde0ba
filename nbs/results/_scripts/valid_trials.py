"""Validation-split trials of the multi-GSD comparison (README "Tried on the validation split"): memory = training
split, queries = VALID split; the test split is never read. Pretrains `scale_alibi` (1,000 steps, batch 64, 32 px
crops, tiny) with the given second-view factor on the comparison's corpus, then scores kNN-20 / kNN-5 accuracy of it,
its random-init twin and raw per-band statistics at every G, same- and cross-scale, with three feature transforms
applied to every encoder alike: plain cosine ("cos"), centred on the memory mean ("center"), z-scored with the
memory's statistics ("zscore"). One seed, no intervals: differences of 0.01-0.02 are within noise.

Usage: python nbs/results/_scripts/valid_trials.py RUN_DIR [SEEDS=0] [VIEWS=2]   -> RUN_DIR/valexp.json {"set|encoder|transform|setting|g|knnK": acc}
RUN_DIR/corpus and RUN_DIR/pretrain/scale_alibi/seed<k> are the layout of `python -m scale_alibi.multiscale`, so
with VIEWS=2 the pretrained runs are reused by a comparison in the same folder. Needs ../shared/data."""
import json, sys, time
from pathlib import Path
import numpy as np, torch
from scale_alibi.checkpoint import load_model
from scale_alibi.multiscale import (pretrain_mode, random_init_like, raw_stats_embedder, write_mirror_corpus, write_scene_corpus)
from scale_alibi.protocols import G_LEVELS, at_scale, knn_predict, model_embedder
from scale_alibi.scenes import load_scene_images, shared_scene_set, stratified_splits

def transform(kind, mem, q):
    "Memory (N, D) and queries (Nq, D) after the transform `kind`, fitted on the memory."
    if kind == "cos": return mem, q
    mu = mem.mean(0, keepdims=True)
    if kind == "center": return mem - mu, q - mu
    sd = mem.std(0, keepdims=True); sd[sd == 0] = 1
    return (mem - mu) / sd, (q - mu) / sd

def main(run, seeds=(0,), views=2):
    run, size = Path(run), {"ucmerced": 224}
    scenes = {n: s for n in ("eurosat", "ucmerced") if (s := shared_scene_set(n)) is not None}
    if not scenes: raise SystemExit("valid_trials: no EuroSAT / UC Merced under ../shared/data")
    splits = {n: np.array(stratified_splits(s.labels, seed=0)) for n, s in scenes.items()}
    stores = []
    for n, sc in scenes.items():
        stores += write_scene_corpus(sc, np.flatnonzero(splits[n] == "train"), run / "corpus", (1, 2, 4), 32, size=size.get(n))
    stores += write_mirror_corpus(run / "corpus", (1, 2, 4), 32, log=print)
    encs = {"raw_stats": raw_stats_embedder()}
    for sd in seeds:
        t = time.time(); w = pretrain_mode(stores, run / "pretrain" / "scale_alibi" / f"seed{sd}", "scale_alibi", sd, 1000, 64, 32, "tiny", views=views)
        print(f"pretrain seed {sd}: {time.time() - t:.0f} s", flush=True)
        encs[f"scale_alibi{sd}"] = model_embedder(load_model(w)); encs[f"random{sd}"] = model_embedder(random_init_like(w, sd))
    out = {}
    for n, sc in scenes.items():
        imgs = load_scene_images(sc, size=size.get(n)); tr, va = splits[n] == "train", splits[n] == "valid"
        yva = sc.labels[va]; Ytr = np.eye(int(sc.labels.max()) + 1, dtype=np.float32)[sc.labels[tr]]
        for enc, emb in encs.items():
            t = time.time()
            mem = {g: emb(at_scale(imgs[tr], g, 8), sc.gsd / g) for g in G_LEVELS}
            qs = {g: emb(at_scale(imgs[va], g, 8), sc.gsd / g) for g in G_LEVELS}
            for kind in ("cos", "center", "zscore"):
                for setting in ("same", "cross"):
                    for g in G_LEVELS:
                        if setting == "cross" and g == 1.0: continue
                        m, q = transform(kind, mem[g if setting == "same" else 1.0], qs[g])
                        for k in (20, 5):
                            out[f"{n}|{enc}|{kind}|{setting}|{g}|knn{k}"] = float((knn_predict(m, Ytr, q, k=k).argmax(1) == yva).mean())
            print(f"{n} {enc}: {time.time() - t:.0f} s", flush=True)
    (run / "valexp.json.tmp").write_text(json.dumps(out, indent=0)); (run / "valexp.json.tmp").rename(run / "valexp.json")

if __name__ == "__main__":
    a = sys.argv[1:]
    if not a or a[0] in ("-h", "--help"): print(__doc__); raise SystemExit(0 if a else 2)
    torch.set_num_threads(2)
    main(a[0], [int(s) for s in a[1].split(",")] if len(a) > 1 else [0], int(a[2]) if len(a) > 2 else 2)
