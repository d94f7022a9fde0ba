"""GPU check: pretraining throughput, MFU and peak memory of the Scale-ALiBi model in bf16, FlexAttention vs SDPA.

Usage (from the repo root, .venv set up):

    bash tools/gpu_check.sh                          # CUDA: small + base, 300 steps, flex and sdpa, shared and per-sample GSD
    python tools/gpu_check.py --device cpu --sizes tiny --steps 3 --batch 4   # CPU smoke run of this script (tools/test.sh)

For every (size, backend, GSD regime) it trains the full model (three encoders, joint encoder, MAE decoders,
InfoNCE + MAE losses) with the training loop's own step, `scale_alibi.train.train_step` (AdamW with the project's
parameter groups, gradient clipping, temperature clamp, NaN guard), on synthetic
batches of the training shapes (Sentinel-2 12 bands and Sentinel-1 2 bands at `--lr-px` pixels and 10 m, high-res RGB at
`--hr-px` pixels and 2.5 m: the same ground). Throughput does not depend on pixel values, so no data is read.

- samples/s: median over `--windows` timing windows after `--warmup` steps (CUDA-synchronised);
- MFU: model FLOPs per step (counted once with torch.utils.flop_counter on the SDPA path: the same maths for both
  backends) x steps/s, divided by the bf16 matmul peak measured on this device in the same run (an 8192^2 bf16 mm);
- peak memory: torch.cuda.max_memory_allocated over the timed steps.
Data loading (`--store`, default `auto`: the dataset job's sample store, built into a temporary folder; `none` skips
it): samples/s of the training DataLoader (`scale_alibi.train.data_loader`, `--workers` processes, batches of
`--batch`, crops of `--lr-px`/`--hr-px` capped at the store's tile sizes, moved to the device), beside the model's.
GSD regimes: `shared` (every sample at 10 m / 2.5 m: positions (1, N, 2), one bias for the batch) and `per_sample`
(GSD drawn per sample: a (B, H, N, N) bias on the SDPA path, none on the flex path).
FlexAttention has no backward on the CPU in torch 2.13: on the CPU the flex rows are skipped, saying so.
Writes a markdown table to stdout and, with --out, a JSON file.
"""
import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch
from torch.utils.flop_counter import FlopCounterMode

from scale_alibi.model import ModelConfig, ScaleALiBiModel
from scale_alibi.train import param_groups, train_step


def batch_for(B, lr_px, hr_px, regime, device, gen):
    if regime == "shared":
        g_lr, g_hr = torch.full((B,), 10.0), torch.full((B,), 2.5)
    else:                                   # per-sample GSDs, same ground: hr GSD = lr GSD * lr_px / hr_px
        g_lr = 5.0 + 25.0 * torch.rand(B, generator=gen)
        g_hr = g_lr * lr_px / hr_px
    mk = lambda c, px, scale, off: (torch.rand(B, c, px, px, generator=gen) * scale + off)
    return {"s2": {"image": mk(12, lr_px, 3000, 0).to(device), "gsd": g_lr.to(device)},
            "s1": {"image": mk(2, lr_px, 10, -20).to(device), "gsd": g_lr.to(device)},
            "hr": {"image": mk(3, hr_px, 255, 0).to(device), "gsd": g_hr.to(device)},
            "present": torch.ones(B, 3, dtype=torch.bool, device=device)}


def matmul_peak(device, dtype, n=8192, reps=20):
    "Measured matmul FLOP/s of this device in `dtype` (median of `reps`)."
    if device.type == "cpu": n, reps = 1024, 5
    a, b = (torch.randn(n, n, device=device, dtype=dtype) for _ in range(2))
    ts = []
    for _ in range(reps + 2):
        if device.type == "cuda": torch.cuda.synchronize()
        t = time.perf_counter(); a @ b
        if device.type == "cuda": torch.cuda.synchronize()
        ts.append(time.perf_counter() - t)
    return 2 * n ** 3 / statistics.median(ts[2:])


def step_flops(size, args, device):
    torch.manual_seed(0)
    m = ScaleALiBiModel(ModelConfig(size=size, patch_size=args.patch, attn_backend="sdpa")).to(device)
    b = batch_for(args.batch, args.lr_px, args.hr_px, "shared", device, torch.Generator().manual_seed(0))
    with FlopCounterMode(display=False) as fc:
        with torch.autocast(device.type, dtype=torch.bfloat16):
            out = m(b, mask_seeds=list(range(args.batch)))
        out["loss"].backward()
    return fc.get_total_flops()


def run_one(size, backend, regime, args, device, flops, peak):
    torch.manual_seed(0)
    model = ScaleALiBiModel(ModelConfig(size=size, patch_size=args.patch, attn_backend=backend)).to(device).train()
    opt = torch.optim.AdamW(param_groups(model, 0.05), lr=1e-4, betas=(0.9, 0.95))
    gen = torch.Generator().manual_seed(1)
    batches = [batch_for(args.batch, args.lr_px, args.hr_px, regime, device, gen) for _ in range(4)]
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    autocast = torch.autocast(device.type, dtype=torch.bfloat16)
    def step(i):   # the pretraining loop's step (scale_alibi.train.train_step); it syncs once per step for its log
        logs = train_step(model, [(batches[i % 4], [i * 1000 + j for j in range(args.batch)])], opt, 1.0, autocast)
        return logs["loss"]
    for i in range(args.warmup): step(i)
    sync()
    if device.type == "cuda": torch.cuda.reset_peak_memory_stats(device)
    per_window = max(1, args.steps // args.windows)
    rates, loss = [], None
    for w in range(args.windows):
        t = time.perf_counter()
        for i in range(per_window): loss = step(args.warmup + w * per_window + i)
        sync(); rates.append(per_window * args.batch / (time.perf_counter() - t))
    sps = statistics.median(rates)
    return {"size": size, "backend": backend, "gsd": regime, "batch": args.batch, "steps": per_window * args.windows,
            "samples_per_s": sps, "tflops_per_s": flops * sps / args.batch / 1e12, "mfu": flops * sps / args.batch / peak,
            "peak_mem_gib": (torch.cuda.max_memory_allocated(device) / 2 ** 30) if device.type == "cuda" else None,
            "final_loss": float(loss), "params_m": sum(p.numel() for p in model.parameters()) / 1e6}


def loading(args, device, batches=50):
    "Samples/s of the training DataLoader on `args.store` (see the module docstring), or None when skipped."
    if args.store == "none": return None
    import contextlib, tempfile
    from scale_alibi.distributed import StepSampler, close_loader
    from scale_alibi.store import open_stores, read_tile_store_meta
    from scale_alibi.train import data_loader
    store, tmp = args.store, contextlib.ExitStack()
    if store == "auto":                   # built into a temporary folder, removed afterwards
        import papermill as pm
        from scale_alibi.core import project_root
        run = Path(tmp.enter_context(tempfile.TemporaryDirectory(prefix="gpu_check_store_"))); jobs = project_root() / "nbs" / "jobs"
        pm.execute_notebook(str(jobs / "dataset.ipynb"), str(run / "dataset-out.ipynb"), parameters={"run_dir": str(run)},
                            progress_bar=False, cwd=str(jobs), log_output=False)
        store = run / "store"
    px = read_tile_store_meta(store)[0]["image_px"]
    crop = {m: min(args.hr_px if m == "hr" else args.lr_px, px[m]) for m in px}
    ds, bands, _, _ = open_stores([store], crop)
    it = iter(data_loader(ds, StepSampler(len(ds), args.batch, 0, 0, 0, 0, 1, batches + 1), list(crop),
                          {m: len(b) for m, b in bands.items()}, crop, args.workers, device))
    next(it); t = time.perf_counter()
    for _ in range(batches):
        b = next(it); {k: (v.to(device, non_blocking=True) if torch.is_tensor(v) else {a: x.to(device, non_blocking=True) for a, x in v.items()}) for k, v in b.items()}
    if device.type == "cuda": torch.cuda.synchronize(device)
    dt = time.perf_counter() - t; close_loader(it); tmp.close()     # workers end before their store is removed
    r = {"what": "data loading", "store": str(store), "workers": args.workers, "batch": args.batch, "crop": crop,
         "samples_per_s": batches * args.batch / dt}
    print(json.dumps(r), flush=True)
    return r

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--sizes", default="small,base")
    ap.add_argument("--backends", default="flex,sdpa")
    ap.add_argument("--gsd", default="shared,per_sample")
    ap.add_argument("--steps", type=int, default=300, help="timed steps per configuration")
    ap.add_argument("--warmup", type=int, default=20, help="untimed steps first (compilation, allocator)")
    ap.add_argument("--windows", type=int, default=5)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--patch", type=int, default=8)
    ap.add_argument("--lr-px", type=int, default=96, help="Sentinel-2/-1 side, pixels at 10 m")
    ap.add_argument("--hr-px", type=int, default=384, help="high-res side, pixels (same ground)")
    ap.add_argument("--out", default=None, help="write the rows as JSON here")
    ap.add_argument("--store", default="auto", help="a store folder for the data-loading row; auto: build the sample store; none: skip")
    ap.add_argument("--workers", type=int, default=8, help="DataLoader worker processes for the data-loading row")
    a = ap.parse_args(argv)
    a.windows = max(1, min(a.windows, a.steps))
    device = torch.device(a.device)
    if device.type == "cuda" and not torch.cuda.is_available(): sys.exit("gpu_check: no CUDA device here (use --device cpu for a smoke run)")
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU"
    peak = matmul_peak(device, torch.bfloat16)
    print(f"device: {name}; torch {torch.__version__}; measured bf16 matmul peak {peak / 1e12:.1f} TFLOP/s")
    rows = []
    for size in a.sizes.split(","):
        flops = step_flops(size, a, device)
        print(f"{size}: {flops / 1e12:.3f} TFLOP per training step (batch {a.batch}, counted on the SDPA path)")
        for be in a.backends.split(","):
            for regime in a.gsd.split(","):
                if be == "flex" and device.type != "cuda":
                    print(f"skip {size}/{be}/{regime}: FlexAttention has no backward on {device.type} in this torch"); continue
                r = run_one(size, be, regime, a, device, flops, peak); rows.append(r)
                print(json.dumps(r), flush=True)
    print("\n| size | backend | GSD | batch | samples/s | TFLOP/s | MFU | peak GiB |\n|---|---|---|---:|---:|---:|---:|---:|")
    for r in rows:
        mem = "–" if r["peak_mem_gib"] is None else f"{r['peak_mem_gib']:.1f}"
        print(f"| {r['size']} | {r['backend']} | {r['gsd']} | {r['batch']} | {r['samples_per_s']:.1f} | "
              f"{r['tflops_per_s']:.2f} | {100 * r['mfu']:.1f} % | {mem} |")
    load = loading(a, device)
    if load: print(f"\ndata loading: {load['samples_per_s']:.0f} samples/s ({load['workers']} workers, batch {load['batch']}, crops {load['crop']}, store {load['store']})")
    if a.out: Path(a.out).write_text(json.dumps({"device": name, "bf16_peak_flops": peak, "rows": rows, "loading": load}, indent=1))
    if not rows: sys.exit("gpu_check: no configuration ran")
    return 0


if __name__ == "__main__":
    sys.exit(main())
