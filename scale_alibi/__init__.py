__version__ = "0.1.0"

# Not exported from a notebook (nbdev only keeps __version__ here): the shipped-model API of nbs/17_hub.ipynb at the
# package's top level, imported on first use so that `import scale_alibi` stays light.
from scale_alibi.core import guard_geobench_imports as _guard   # light (no torch): geobench, however imported, unpickles safely
_guard()

_HUB = ("pretrained", "from_pretrained", "save_pretrained", "model_card", "PRETRAINED", "ScaleALiBiWeights", "Weights", "WeightsEnum")

def __getattr__(name):
    if name in _HUB:
        from scale_alibi import hub
        return getattr(hub, name)
    raise AttributeError(f"module 'scale_alibi' has no attribute {name!r}")

def __dir__(): return sorted([*globals(), *_HUB])
