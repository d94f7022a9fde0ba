"""torch.hub entry points of the models shipped in the package (nbs/17_hub.ipynb):

    torch.hub.load("path/to/scale-alibi", "scale_alibi_ls_tiny", source="local")

Offline: the weights are read from scale_alibi/weights/, never downloaded."""
dependencies = ["torch", "safetensors", "numpy"]

from scale_alibi.hub import scale_alibi_ls_tiny  # noqa: E402,F401
