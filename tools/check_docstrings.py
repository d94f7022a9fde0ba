#!/usr/bin/env python3
"""List the public symbols of `scale_alibi` that lack a docstring.

Usage: python tools/check_docstrings.py [--short N] [--quiet]

Public symbols: the functions and classes named in each module's `__all__` (nbdev writes it from the `#| export`
cells) and defined in that module, plus the public methods and properties a public class defines itself (names not
starting with `_`; inherited ones are the parent's business). Constants in `__all__` cannot carry a docstring and
are not checked. A dataclass without a docstring gets an automatic `Name(field, ...)` one: that counts as missing.
--short N: also list docstrings shorter than N characters (information only; default 0 = off).
Prints one line per missing docstring, then `docstrings: N public symbols, N missing`; exit status 1 if any is
missing. Edit the library notebooks (nbs/), not scale_alibi/*.py, to add them.
"""
import argparse
import importlib
import inspect
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _doc(obj, name: str):
    d = obj.__doc__ if inspect.isclass(obj) else inspect.getdoc(obj)
    if inspect.isclass(obj) and d and d.startswith(f"{name}(") and hasattr(obj, "__dataclass_fields__"): return None
    return (d or "").strip() or None


def symbols():
    "Yield (qualified name, object, kind) for every public function, class and public method of a public class."
    import scale_alibi
    for mi in sorted(pkgutil.iter_modules(scale_alibi.__path__), key=lambda m: m.name):
        if mi.name.startswith("_"): continue
        mod = importlib.import_module(f"scale_alibi.{mi.name}")
        for name in getattr(mod, "__all__", []):
            obj = getattr(mod, name, None)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)): continue
            if getattr(obj, "__module__", None) != mod.__name__: continue   # re-exported from elsewhere
            yield f"{mod.__name__}.{name}", obj, "class" if inspect.isclass(obj) else "function"
            if not inspect.isclass(obj): continue
            for mname, m in vars(obj).items():
                if mname.startswith("_"): continue
                if isinstance(m, (staticmethod, classmethod)): m = m.__func__
                if isinstance(m, property): kind = "property"
                elif inspect.isfunction(m): kind = "method"
                else: continue
                yield f"{mod.__name__}.{name}.{mname}", m, kind


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--short", type=int, default=0)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    n = 0; missing = []; short = []
    for qual, obj, kind in symbols():
        n += 1
        d = _doc(obj, qual.rsplit(".", 1)[-1])
        if d is None: missing.append((qual, kind))
        elif a.short and len(d) < a.short: short.append((qual, kind, len(d)))
    for qual, kind in missing: print(f"missing docstring: {kind} {qual}")
    for qual, kind, L in short: print(f"short docstring ({L} chars): {kind} {qual}")
    print(f"docstrings: {n} public symbols, {len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
