#!/usr/bin/python3
"""Reference outputs for yamlnet's runtime blocks that have no Ultralytics fixture.

This is OUR OWN PyTorch implementation of the modules, written from Ultralytics 8.4's
module semantics and state-dict names (docs/modules.md lists the modules); it is not Ultralytics' code
and does not import Ultralytics. For every directory djl/src/test/resources/parity-local/<name>/
holding a model.yaml (our own tiny YAML), it builds the model, randomises every weight and BatchNorm
statistic (seeded), and writes weights.npz (Ultralytics key names, model.<i>.<...>), input.npy and
output.npy (the last layer's eval-mode output). ParityLocalTest replays them on DJL.

Run with Debian's PyTorch (1.13):  /usr/bin/python3 scripts/parity_local.py
Only needed to regenerate the references; the project's build never runs Python.
"""
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "djl", "src", "test", "resources", "parity-local")


def autopad(k, p=None, d=1):
    """'same' padding for stride 1, per dimension for (h, w) kernels."""
    if d > 1:
        k = d * (k - 1) + 1 if isinstance(k, int) else [d * (x - 1) + 1 for x in k]
    if p is None:
        p = k // 2 if isinstance(k, int) else [x // 2 for x in k]
    return p


class Conv(nn.Module):
    """Conv2d without bias, BatchNorm2d, then the model-wide default activation (act=True) or none."""
    default_act = nn.SiLU()

    def __init__(self, c1, c2, k=1, s=1, p=None, g=1, d=1, act=True):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, autopad(k, p, d), groups=g, dilation=d, bias=False)
        self.bn = nn.BatchNorm2d(c2)
        self.act = self.default_act if act is True else act if isinstance(act, nn.Module) else nn.Identity()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class DWConv(Conv):
    def __init__(self, c1, c2, k=1, s=1, d=1, act=True):
        super().__init__(c1, c2, k, s, g=math.gcd(c1, c2), d=d, act=act)


class GhostConv(nn.Module):
    """cv1: Conv(c1, c2 // 2, k, s, g); cv2: 5x5 depthwise Conv of cv1's output; output cat(y, cv2(y))."""

    def __init__(self, c1, c2, k=1, s=1, g=1, act=True):
        super().__init__()
        c_ = c2 // 2
        self.cv1 = Conv(c1, c_, k, s, None, g, act=act)
        self.cv2 = Conv(c_, c_, 5, 1, None, c_, act=act)

    def forward(self, x):
        y = self.cv1(x)
        return torch.cat((y, self.cv2(y)), 1)


class GhostBottleneck(nn.Module):
    """conv: GhostConv(c1, c_, 1), DWConv(k, s, act=False) or Identity, GhostConv(c_, c2, 1, act=False); plus shortcut."""

    def __init__(self, c1, c2, k=3, s=1):
        super().__init__()
        c_ = c2 // 2
        self.conv = nn.Sequential(
            GhostConv(c1, c_, 1, 1),
            DWConv(c_, c_, k, s, act=False) if s == 2 else nn.Identity(),
            GhostConv(c_, c2, 1, 1, act=False),
        )
        self.shortcut = (nn.Sequential(DWConv(c1, c1, k, s, act=False), Conv(c1, c2, 1, 1, act=False))
                         if s == 2 else nn.Identity())

    def forward(self, x):
        return self.conv(x) + self.shortcut(x)


class Bottleneck(nn.Module):
    def __init__(self, c1, c2, shortcut=True, g=1, k=(3, 3), e=0.5):
        super().__init__()
        c_ = int(c2 * e)
        self.cv1 = Conv(c1, c_, k[0], 1)
        self.cv2 = Conv(c_, c2, k[1], 1, g=g)
        self.add = shortcut and c1 == c2

    def forward(self, x):
        return x + self.cv2(self.cv1(x)) if self.add else self.cv2(self.cv1(x))


class C1(nn.Module):
    def __init__(self, c1, c2, n=1):
        super().__init__()
        self.cv1 = Conv(c1, c2, 1, 1)
        self.m = nn.Sequential(*(Conv(c2, c2, 3) for _ in range(n)))

    def forward(self, x):
        y = self.cv1(x)
        return self.m(y) + y


class C3(nn.Module):
    def __init__(self, c1, c2, n=1, shortcut=True, g=1, e=0.5):
        super().__init__()
        c_ = int(c2 * e)
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c1, c_, 1, 1)
        self.cv3 = Conv(2 * c_, c2, 1)
        self.m = nn.Sequential(*(Bottleneck(c_, c_, shortcut, g, k=((1, 1), (3, 3)), e=1.0) for _ in range(n)))

    def forward(self, x):
        return self.cv3(torch.cat((self.m(self.cv1(x)), self.cv2(x)), 1))


class C3x(C3):
    def __init__(self, c1, c2, n=1, shortcut=True, g=1, e=0.5):
        super().__init__(c1, c2, n, shortcut, g, e)
        self.c_ = int(c2 * e)
        self.m = nn.Sequential(*(Bottleneck(self.c_, self.c_, shortcut, g, k=((1, 3), (3, 1)), e=1) for _ in range(n)))


class C3Ghost(C3):
    def __init__(self, c1, c2, n=1, shortcut=True, g=1, e=0.5):
        super().__init__(c1, c2, n, shortcut, g, e)
        c_ = int(c2 * e)
        self.m = nn.Sequential(*(GhostBottleneck(c_, c_) for _ in range(n)))


class SPP(nn.Module):
    def __init__(self, c1, c2, k=(5, 9, 13)):
        super().__init__()
        c_ = c1 // 2
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c_ * (len(k) + 1), c2, 1, 1)
        self.m = nn.ModuleList([nn.MaxPool2d(kernel_size=x, stride=1, padding=x // 2) for x in k])

    def forward(self, x):
        x = self.cv1(x)
        return self.cv2(torch.cat([x] + [m(x) for m in self.m], 1))


class Focus(nn.Module):
    def __init__(self, c1, c2, k=1, s=1, p=None, g=1, act=True):
        super().__init__()
        self.conv = Conv(c1 * 4, c2, k, s, p, g, act=act)

    def forward(self, x):
        return self.conv(torch.cat((x[..., ::2, ::2], x[..., 1::2, ::2], x[..., ::2, 1::2], x[..., 1::2, 1::2]), 1))


class Concat(nn.Module):
    def __init__(self, dimension=1):
        super().__init__()
        self.d = dimension

    def forward(self, x):
        return torch.cat(x, self.d)


MODULES = {m.__name__: m for m in (Conv, DWConv, GhostConv, Bottleneck, C1, C3, C3x, C3Ghost, SPP, Focus, Concat)}
REPEAT = {C1, C3, C3x, C3Ghost}
ACTIVATIONS = {n: getattr(nn, n) for n in ("ReLU", "ReLU6", "SiLU", "LeakyReLU", "Hardswish", "GELU", "Mish", "ELU", "Sigmoid",
                                           "Tanh", "Identity", "Hardsigmoid")}


def activation(expr):
    """The whitelisted 'activation:' forms, without eval: nn.Name(literal, key=literal)."""
    s = expr.replace(" ", "")
    s = s[len("torch."):] if s.startswith("torch.") else s
    assert s.startswith("nn.") and s.endswith(")"), expr
    name, inner = s[3:-1].split("(", 1)
    args, kwargs = [], {}
    for a in filter(None, inner.split(",")):
        if "=" in a:
            k, v = a.split("=", 1)
            kwargs[k] = literal(v)
        else:
            args.append(literal(a))
    return ACTIVATIONS[name](*args, **kwargs)


def literal(v):
    return v == "True" if v in ("True", "False") else float(v)


def build(cfg):
    """A tiny parse_model: no scaling (width and depth 1), channels as written."""
    nc = cfg.get("nc", 80)
    if "activation" in cfg:
        Conv.default_act = activation(cfg["activation"])
    ch = [cfg.get("channels", 3)]
    layers, froms = [], []
    for i, (f, n, name, args) in enumerate(cfg["backbone"] + cfg["head"]):
        args = [nc if a == "nc" else None if a == "None" else a for a in args]
        if name.startswith("nn."):
            m = getattr(nn, name[3:])
            if m is nn.ZeroPad2d:
                args = [tuple(args[0]) if isinstance(args[0], list) else args[0]]
            c2 = ch[f]
        elif name == "Concat":
            m = Concat
            c2 = sum(ch[x] for x in f)
        else:
            m = MODULES[name]
            c1, c2 = ch[f], args[0]
            if m is Bottleneck and len(args) > 3:
                args[3] = tuple(tuple(k) if isinstance(k, list) else (k, k) for k in args[3])
            args = [c1, c2, *args[1:]]
            if m in REPEAT:
                args.insert(2, n)
                n = 1
            if m is GhostConv:
                c2 = 2 * (c2 // 2)
        module = nn.Sequential(*(m(*args) for _ in range(n))) if n > 1 else m(*args)
        layers.append(module)
        froms.append(f)
        ch = ch if i else []
        ch.append(c2)
    return Model(layers, froms)


class Model(nn.Module):
    def __init__(self, layers, froms):
        super().__init__()
        self.model = nn.Sequential(*layers)
        self.froms = froms

    def forward(self, x):
        y = []
        for m, f in zip(self.model, self.froms):
            if f != -1:
                x = y[f] if isinstance(f, int) else [x if j == -1 else y[j] for j in f]
            x = m(x)
            y.append(x)
        return x


def randomise(model, gen):
    for name, t in model.state_dict().items():
        if name.endswith("num_batches_tracked"):
            continue
        if name.endswith("running_var") or name.endswith("bn.weight"):
            t.copy_(torch.rand(t.shape, generator=gen) + 0.5)
        elif name.endswith("running_mean") or name.endswith("bn.bias"):
            t.copy_(torch.randn(t.shape, generator=gen) * 0.2)
        else:
            t.copy_(torch.randn(t.shape, generator=gen) / math.sqrt(max(1, t[0].numel())))
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.eps = 1e-3  # Ultralytics' initialize_weights for detection-family models


def imgsz(path):
    """The '# imgsz: N' header comment (as in examples/yaml), else 64."""
    with open(path) as fh:
        for line in fh:
            if line.startswith("# imgsz:"):
                return int(line.split(":", 1)[1])
    return 64


def main(names):
    for name in sorted(names or os.listdir(ROOT)):
        d = os.path.join(ROOT, name)
        with open(os.path.join(d, "model.yaml")) as fh:
            cfg = yaml.safe_load(fh)
        Conv.default_act = nn.SiLU()
        gen = torch.Generator().manual_seed(1234)
        model = build(cfg).eval()
        randomise(model, gen)
        size = imgsz(os.path.join(d, "model.yaml"))
        x = torch.randn((1, cfg.get("channels", 3), size, size), generator=gen) * 3  # wide enough to reach ReLU6's clip
        with torch.no_grad():
            out = model(x)
        state = {k: v.numpy() for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
        np.savez(os.path.join(d, "weights.npz"), **state)
        np.save(os.path.join(d, "input.npy"), x.numpy())
        np.save(os.path.join(d, "output.npy"), out.numpy())
        params = sum(p.numel() for p in model.parameters())
        print(f"{name}: {params} parameters, output {tuple(out.shape)}, |out| mean {out.abs().mean():.4f}")


if __name__ == "__main__":
    main(sys.argv[1:])
