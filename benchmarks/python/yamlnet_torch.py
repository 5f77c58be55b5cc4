"""PyTorch baseline of benchmarks/speed.sh: any model yamlnet describes, rebuilt in plain PyTorch eager.

Our own code (no Ultralytics, no network, no pip; Debian's python3-torch and python3-numpy only). The
model is built from `yamlnet summary --json MODEL.yaml` (per layer: from, module, resolved args), with
modules written as Ultralytics 8.4 defines them (Conv, C2f, C3k2/C3k, SPPF, nn.Upsample, Concat,
C2PSA/PSABlock/Attention, BoT3/BottleneckTransformer/MHSA, Detect with DFL and anchors), so that the
state dict has Ultralytics' key names and yamlnet can load it. Each layer's parameter count is checked
against the summary's before anything else happens.

Subcommands (all print plain lines; speed.sh reads "median X ms"):
  prepare SUMMARY.json DIR [--seed 0] [--threads T]
      builds the model, randomises weights and BatchNorm statistics (as the parity fixtures do), writes
      DIR/weights.npz (Ultralytics keys), DIR/input.npy (torch.manual_seed(1); rand), DIR/expected.npy
      (eager, unfused, inference mode) and DIR/model.pt (TorchScript trace of the fused model, saved and
      reloaded); checks fused eager and the reloaded trace against expected.npy.
  check EXPECTED.npy ACTUAL.npy LABEL
      prints the max abs diff; exit 1 unless every element is within 1e-3 + 1e-4 * |expected|.
  time DIR --mode unfused|fused|script --repeat K --threads T [--warmup W]
      loads DIR's weights into a fresh model (fused or not) or DIR/model.pt (script: the trace, in
      Python), runs W warm-up then K timed forward passes on DIR/input.npy and prints
      "timing ..." and "median X ms".
"""
import argparse
import copy
import json
import math
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn

ATOL = 1e-3
RTOL = 1e-4
GAIN = float(os.environ.get("GAIN", "1.25"))  # weight scale of prepare (see randomise)


# ---- modules (Ultralytics 8.4 semantics, our own code) -------------------------------------------

def autopad(k, p=None, d=1):
    if d > 1:
        k = d * (k - 1) + 1 if isinstance(k, int) else [d * (x - 1) + 1 for x in k]
    if p is None:
        p = k // 2 if isinstance(k, int) else [x // 2 for x in k]
    return p


def fuse_conv_and_bn(conv, bn):
    fused = nn.Conv2d(conv.in_channels, conv.out_channels, conv.kernel_size, conv.stride, conv.padding,
                      conv.dilation, conv.groups, bias=True).requires_grad_(False)
    scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
    fused.weight.copy_(conv.weight * scale.view(-1, 1, 1, 1))
    b = conv.bias if conv.bias is not None else torch.zeros_like(bn.running_mean)
    fused.bias.copy_(bn.bias + (b - bn.running_mean) * scale)
    return fused


class Conv(nn.Module):
    def __init__(self, c1, c2, k=1, s=1, p=None, g=1, d=1, act=True):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, autopad(k, p, d), groups=g, dilation=d, bias=False)
        self.bn = nn.BatchNorm2d(c2, eps=1e-3, momentum=0.03)
        self.act = nn.SiLU() if act else nn.Identity()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))

    def forward_fuse(self, x):
        return self.act(self.conv(x))


def DWConv(c1, c2, k=1, s=1, act=True):
    return Conv(c1, c2, k, s, g=math.gcd(c1, c2), act=act)


class Bottleneck(nn.Module):
    def __init__(self, c1, c2, shortcut=True, g=1, k=(3, 3), e=0.5):
        super().__init__()
        c_ = int(c2 * e)
        self.cv1 = Conv(c1, c_, k[0], 1)
        self.cv2 = Conv(c_, c2, k[1], 1, g=g)
        self.add = shortcut and c1 == c2

    def forward(self, x):
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class C2f(nn.Module):
    def __init__(self, c1, c2, n=1, shortcut=False, g=1, e=0.5):
        super().__init__()
        self.c = int(c2 * e)
        self.cv1 = Conv(c1, 2 * self.c, 1, 1)
        self.cv2 = Conv((2 + n) * self.c, c2, 1)
        self.m = nn.ModuleList(Bottleneck(self.c, self.c, shortcut, g, k=((3, 3), (3, 3)), e=1.0) for _ in range(n))

    def forward(self, x):
        y = list(self.cv1(x).chunk(2, 1))
        y.extend(m(y[-1]) for m in self.m)
        return self.cv2(torch.cat(y, 1))


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


class C3k(C3):
    def __init__(self, c1, c2, n=1, shortcut=True, g=1, e=0.5, k=3):
        super().__init__(c1, c2, n, shortcut, g, e)
        c_ = int(c2 * e)
        self.m = nn.Sequential(*(Bottleneck(c_, c_, shortcut, g, k=(k, k), e=1.0) for _ in range(n)))


class C3k2(C2f):
    def __init__(self, c1, c2, n=1, c3k=False, e=0.5, attn=False, g=1, shortcut=True):
        super().__init__(c1, c2, n, shortcut, g, e)
        if attn:
            raise SystemExit("C3k2 with attn=True is not supported by this baseline")
        self.m = nn.ModuleList(
            C3k(self.c, self.c, 2, shortcut, g) if c3k else Bottleneck(self.c, self.c, shortcut, g) for _ in range(n))


class SPPF(nn.Module):
    def __init__(self, c1, c2, k=5, n=3, shortcut=False):
        super().__init__()
        c_ = c1 // 2
        self.cv1 = Conv(c1, c_, 1, 1, act=False)
        self.cv2 = Conv(c_ * (n + 1), c2, 1, 1)
        self.m = nn.MaxPool2d(kernel_size=k, stride=1, padding=k // 2)
        self.n = n
        self.add = shortcut and c1 == c2

    def forward(self, x):
        y = [self.cv1(x)]
        y.extend(self.m(y[-1]) for _ in range(self.n))
        y = self.cv2(torch.cat(y, 1))
        return y + x if self.add else y


class Attention(nn.Module):
    def __init__(self, dim, num_heads=8, attn_ratio=0.5):
        super().__init__()
        self.num_heads = num_heads
        self.head_dim = dim // num_heads
        self.key_dim = int(self.head_dim * attn_ratio)
        self.scale = self.key_dim ** -0.5
        nh_kd = self.key_dim * num_heads
        self.qkv = Conv(dim, dim + nh_kd * 2, 1, act=False)
        self.proj = Conv(dim, dim, 1, act=False)
        self.pe = Conv(dim, dim, 3, 1, g=dim, act=False)

    def forward(self, x):
        B, C, H, W = x.shape
        N = H * W
        qkv = self.qkv(x)
        q, k, v = qkv.view(B, self.num_heads, self.key_dim * 2 + self.head_dim, N).split(
            [self.key_dim, self.key_dim, self.head_dim], dim=2)
        attn = (q.transpose(-2, -1) @ k) * self.scale
        attn = attn.softmax(dim=-1)
        x = (v @ attn.transpose(-2, -1)).view(B, C, H, W) + self.pe(v.reshape(B, C, H, W))
        return self.proj(x)


class PSABlock(nn.Module):
    def __init__(self, c, attn_ratio=0.5, num_heads=4, shortcut=True):
        super().__init__()
        self.attn = Attention(c, attn_ratio=attn_ratio, num_heads=num_heads)
        self.ffn = nn.Sequential(Conv(c, c * 2, 1), Conv(c * 2, c, 1, act=False))
        self.add = shortcut

    def forward(self, x):
        x = x + self.attn(x) if self.add else self.attn(x)
        return x + self.ffn(x) if self.add else self.ffn(x)


class C2PSA(nn.Module):
    def __init__(self, c1, c2, n=1, e=0.5):
        super().__init__()
        assert c1 == c2
        self.c = int(c1 * e)
        self.cv1 = Conv(c1, 2 * self.c, 1, 1)
        self.cv2 = Conv(2 * self.c, c1, 1)
        self.m = nn.Sequential(*(PSABlock(self.c, attn_ratio=0.5, num_heads=max(self.c // 64, 1)) for _ in range(n)))

    def forward(self, x):
        a, b = self.cv1(x).split((self.c, self.c), dim=1)
        return self.cv2(torch.cat((a, self.m(b)), 1))


class MHSA(nn.Module):
    """BoTNet MHSA as BoT3 uses it: no 1/sqrt(d), optional position tables rel_h, rel_w."""

    def __init__(self, n_dims, width=14, height=14, heads=4):
        super().__init__()
        self.heads = heads
        self.query = nn.Conv2d(n_dims, n_dims, kernel_size=1)
        self.key = nn.Conv2d(n_dims, n_dims, kernel_size=1)
        self.value = nn.Conv2d(n_dims, n_dims, kernel_size=1)
        self.pos = width > 0 and height > 0
        if self.pos:
            self.rel_h = nn.Parameter(torch.randn([1, heads, n_dims // heads, 1, height]))
            self.rel_w = nn.Parameter(torch.randn([1, heads, n_dims // heads, width, 1]))

    def forward(self, x):
        b, c, width, height = x.size()
        q = self.query(x).view(b, self.heads, c // self.heads, -1)
        k = self.key(x).view(b, self.heads, c // self.heads, -1)
        v = self.value(x).view(b, self.heads, c // self.heads, -1)
        energy = torch.matmul(q.permute(0, 1, 3, 2), k)
        if self.pos:
            pos = (self.rel_h + self.rel_w).view(1, self.heads, c // self.heads, -1).permute(0, 1, 3, 2)
            energy = energy + torch.matmul(pos, q)
        attention = energy.softmax(dim=-1)
        out = torch.matmul(v, attention.permute(0, 1, 3, 2))
        return out.view(b, c, width, height)


class BottleneckTransformer(nn.Module):
    def __init__(self, c, w, h, heads=4):
        super().__init__()
        self.cv1 = Conv(c, c, 1, 1)
        self.cv2 = nn.ModuleList([MHSA(c, width=w, height=h, heads=heads)])
        self.fc1 = nn.Linear(c, c)  # never called, but in every checkpoint (see bot3.md)

    def forward(self, x):
        return x + self.cv2[0](self.cv1(x))


class BoT3(nn.Module):
    def __init__(self, c1, c2, n=1, e=0.5, e2=1, w=20, h=20):
        super().__init__()
        if e2 != 1:
            raise SystemExit("BoT3 with e2 != 1 is not supported")
        c_ = int(c2 * e)
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c1, c_, 1, 1)
        self.cv3 = Conv(2 * c_, c2, 1)
        self.m = nn.Sequential(*(BottleneckTransformer(c_, w, h) for _ in range(n)))

    def forward(self, x):
        return self.cv3(torch.cat((self.m(self.cv1(x)), self.cv2(x)), dim=1))


class Concat(nn.Module):
    def __init__(self, dimension=1):
        super().__init__()
        self.d = dimension

    def forward(self, x):
        return torch.cat(x, self.d)


class DFL(nn.Module):
    def __init__(self, c1=16):
        super().__init__()
        self.conv = nn.Conv2d(c1, 1, 1, bias=False).requires_grad_(False)
        self.conv.weight.data[:] = torch.arange(c1, dtype=torch.float).view(1, c1, 1, 1)
        self.c1 = c1

    def forward(self, x):
        b, _, a = x.shape
        return self.conv(x.view(b, 4, self.c1, a).transpose(2, 1).softmax(1)).view(b, 4, a)


class Detect(nn.Module):
    """Ultralytics' Detect in inference mode: returns only y = [B, 4 + nc, anchors] (boxes xywh in pixels)."""

    def __init__(self, nc, reg_max, ch, strides, legacy):
        super().__init__()
        self.nc = nc
        self.nl = len(ch)
        self.reg_max = reg_max
        self.no = nc + reg_max * 4
        self.strides = list(strides)
        c2, c3 = max((16, ch[0] // 4, reg_max * 4)), max(ch[0], min(nc, 100))
        self.cv2 = nn.ModuleList(
            nn.Sequential(Conv(x, c2, 3), Conv(c2, c2, 3), nn.Conv2d(c2, 4 * reg_max, 1)) for x in ch)
        if legacy:
            self.cv3 = nn.ModuleList(nn.Sequential(Conv(x, c3, 3), Conv(c3, c3, 3), nn.Conv2d(c3, nc, 1)) for x in ch)
        else:
            self.cv3 = nn.ModuleList(
                nn.Sequential(nn.Sequential(DWConv(x, x, 3), Conv(x, c3, 1)),
                              nn.Sequential(DWConv(c3, c3, 3), Conv(c3, c3, 1)),
                              nn.Conv2d(c3, nc, 1)) for x in ch)
        self.dfl = DFL(reg_max) if reg_max > 1 else nn.Identity()

    def forward(self, xs):
        shape = xs[0].shape
        feats = [torch.cat((self.cv2[i](xs[i]), self.cv3[i](xs[i])), 1) for i in range(self.nl)]
        anchors, strides = self.make_anchors(feats)
        x_cat = torch.cat([f.view(shape[0], self.no, -1) for f in feats], 2)
        box, cls = x_cat.split((self.reg_max * 4, self.nc), 1)
        lt, rb = self.dfl(box).chunk(2, 1)
        a = anchors.unsqueeze(0)
        x1y1, x2y2 = a - lt, a + rb
        dbox = torch.cat(((x1y1 + x2y2) / 2, x2y2 - x1y1), 1) * strides
        return torch.cat((dbox, cls.sigmoid()), 1)

    def make_anchors(self, feats, offset=0.5):
        points, strides = [], []
        for f, s in zip(feats, self.strides):
            _, _, h, w = f.shape
            sx = torch.arange(end=w, dtype=f.dtype) + offset
            sy = torch.arange(end=h, dtype=f.dtype) + offset
            sy, sx = torch.meshgrid(sy, sx, indexing="ij")
            points.append(torch.stack((sx, sy), -1).view(-1, 2))
            strides.append(torch.full((h * w, 1), s, dtype=f.dtype))
        return torch.cat(points).transpose(0, 1), torch.cat(strides).transpose(0, 1)


# ---- the model graph --------------------------------------------------------------------------------

class Model(nn.Module):
    """Runs layers by their `from` indexes, keeping only the outputs that later layers read."""

    def __init__(self, summary):
        super().__init__()
        layers, froms = [], []
        legacy = True
        for row in summary["layers"]:
            m, a = row["module"], row["args"]
            if m in ("C3k2", "A2C2f", "C2fCIB"):
                legacy = False  # Ultralytics' parse_model flag: the head after these uses depthwise class branches
            layers.append(make_layer(m, a, row, summary, legacy))
            froms.append(row["from"])
        self.model = nn.ModuleList(layers)
        self.froms = froms
        self.save = {j for f in froms for j in ([f] if isinstance(f, int) else f) if j != -1}

    def forward(self, x):
        y = []
        for i, (m, f) in enumerate(zip(self.model, self.froms)):
            if f != -1:
                x = y[f] if isinstance(f, int) else [x if j == -1 else y[j] for j in f]
            x = m(x)
            y.append(x if i in self.save else None)
        return x

    def fuse(self):
        for m in self.modules():
            if isinstance(m, Conv) and hasattr(m, "bn"):
                m.conv = fuse_conv_and_bn(m.conv, m.bn)
                delattr(m, "bn")
                m.forward = m.forward_fuse
        return self


def make_layer(m, a, row, summary, legacy):
    if m == "Conv":
        return Conv(*a)
    if m == "C2f":
        return C2f(*a)
    if m == "C3k2":
        return C3k2(*a)
    if m == "C3":
        return C3(*a)
    if m == "SPPF":
        return SPPF(*a)
    if m == "C2PSA":
        return C2PSA(*a)
    if m == "BoT3":
        return BoT3(*a)
    if m == "Concat":
        return Concat(*a)
    if m == "nn.Upsample":
        size, scale, mode = (list(a) + [None, None, "nearest"])[:3]
        return nn.Upsample(size=size, scale_factor=scale, mode=mode)
    if m == "Detect":
        nc, reg_max, _end2end, ch = a
        return Detect(nc, reg_max, ch, summary["strides"], legacy)
    raise SystemExit(f"layer {row['index']}: module {m} is not supported by this baseline "
                     "(supported: Conv C2f C3 C3k2 SPPF C2PSA BoT3 Concat nn.Upsample Detect)")


def build(summary):
    model = Model(summary)
    bad = []
    for row, layer in zip(summary["layers"], model.model):
        n = sum(p.numel() for p in layer.parameters())
        if n != row["params"]:
            bad.append(f"layer {row['index']} {row['module']}: {n} parameters here, {row['params']} in yamlnet's summary")
    if bad:
        raise SystemExit("the PyTorch rebuild does not match yamlnet's model:\n  " + "\n  ".join(bad))
    return model.eval()


def randomise(model, seed):
    """Random weights in the manner of the BoT3 parity fixtures' "strong" recipe, then their BatchNorm statistics.

    Convolutions get N(0, GAIN / sqrt(fan_in)) (GAIN 1.25 by default; the fixtures' 1.5 saturates yolo11n's
    scores), Linear layers N(0, 1 / sqrt(fan_in)), biases N(0, 0.1), position tables N(0, 1); BatchNorm:
    running_mean N(0, 0.1), running_var U(0.5, 1.5), weight U(0.5, 1.5), bias N(0, 0.1). Activations stay in
    range through the network, and the class scores spread more than with PyTorch's default initialisation
    (which leaves them all near 0.5), so that the output check means something.
    """
    torch.manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.Conv2d) and m.weight.requires_grad:
                m.weight.normal_(0, GAIN / math.sqrt(m.weight[0].numel()))
            elif isinstance(m, nn.Linear):
                m.weight.normal_(0, 1 / math.sqrt(m.in_features))
            if isinstance(m, (nn.Conv2d, nn.Linear)) and m.bias is not None:
                m.bias.normal_(0, 0.1)
            if isinstance(m, MHSA) and m.pos:
                m.rel_h.normal_()
                m.rel_w.normal_()
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.copy_(torch.randn(m.num_features) * 0.1)
                m.running_var.copy_(torch.rand(m.num_features) + 0.5)
                m.weight.copy_(torch.rand(m.num_features) + 0.5)
                m.bias.copy_(torch.randn(m.num_features) * 0.1)


def save_npz(model, path):
    np.savez(path, **{k: v.detach().cpu().numpy() for k, v in model.state_dict().items()})


def load_npz(model, path):
    with np.load(path) as z:
        state = {k: torch.from_numpy(z[k]) for k in z.files}
    model.load_state_dict(state, strict=True)


def within(expected, actual):
    """(ok, max abs diff, worst excess) under |a - e| <= 1e-3 + 1e-4 * |e| for every element."""
    if expected.shape != actual.shape:
        return False, float("inf"), f"shape {actual.shape}, expected {expected.shape}"
    diff = np.abs(actual.astype(np.float64) - expected.astype(np.float64))
    bound = ATOL + RTOL * np.abs(expected.astype(np.float64))
    bad = int(np.count_nonzero(~(diff <= bound)))
    worst = float(np.nanmax(diff / bound)) if diff.size else 0.0
    detail = f"worst element at {worst:.0%} of its bound" if bad == 0 else f"{bad} of {diff.size} elements outside"
    return bad == 0, float(np.nanmax(diff)) if diff.size else 0.0, detail


def report(label, expected, actual):
    ok, mx, detail = within(expected, actual)
    print(f"check   {label}: max abs diff {mx:.3g} (|expected| max {float(np.abs(expected).max()):.4g}); "
          f"{'ok, ' if ok else 'MISMATCH: '}{detail} (tolerance 1e-3 + 1e-4*|expected|)")
    return ok


# ---- subcommands ------------------------------------------------------------------------------------

def cmd_prepare(args):
    torch.set_num_threads(args.threads)
    with open(args.summary) as f:
        summary = json.load(f)
    os.makedirs(args.dir, exist_ok=True)
    with open(os.path.join(args.dir, "summary.json"), "w") as f:
        json.dump(summary, f)
    model = build(summary)
    randomise(model, args.seed)
    save_npz(model, os.path.join(args.dir, "weights.npz"))
    torch.manual_seed(1)
    x = torch.rand(1, summary["channels"], summary["imgsz"], summary["imgsz"])
    np.save(os.path.join(args.dir, "input.npy"), x.numpy())
    with torch.inference_mode():
        y = model(x).numpy()
    np.save(os.path.join(args.dir, "expected.npy"), y)
    scores = y[:, 4:]
    print(f"prepare {summary['model']} imgsz {summary['imgsz']}: {sum(p.numel() for p in model.parameters()):,} parameters, "
          f"output {tuple(y.shape)}, boxes {y[:, :4].min():.4g}..{y[:, :4].max():.4g}, "
          f"scores {scores.min():.4g}..{scores.max():.4g} (std {scores.std():.3g})")
    ok = True
    fused = copy.deepcopy(model).fuse().eval()
    with torch.inference_mode():
        ok &= report("PyTorch eager fused vs unfused", y, fused(x).numpy())
    # TorchScript trace of the fused model, as Ultralytics' export does (trace, save, load)
    pt = os.path.join(args.dir, "model.pt")
    with torch.no_grad():
        traced = torch.jit.trace(fused, x, strict=False, check_trace=False)
    torch.jit.save(traced, pt)
    loaded = torch.jit.load(pt).eval()
    with torch.inference_mode():
        ok &= report("TorchScript trace (fused, Python) vs eager unfused", y, loaded(x).numpy())
    return 0 if ok else 1


def cmd_check(args):
    return 0 if report(args.label, np.load(args.expected), np.load(args.actual)) else 1


def cmd_time(args):
    torch.set_num_threads(args.threads)
    x = torch.from_numpy(np.load(os.path.join(args.dir, "input.npy")))
    if args.mode == "script":
        model = torch.jit.load(os.path.join(args.dir, "model.pt")).eval()
    else:
        with open(os.path.join(args.dir, "summary.json")) as f:
            model = build(json.load(f))
        load_npz(model, os.path.join(args.dir, "weights.npz"))
        if args.mode == "fused":
            model.fuse().eval()
    ms = []
    with torch.inference_mode():
        for i in range(args.warmup + args.repeat):
            t0 = time.perf_counter()
            model(x)
            t1 = time.perf_counter()
            if i >= args.warmup:
                ms.append((t1 - t0) * 1e3)
    print(f"timing  {args.repeat} forward passes after {args.warmup} warm-up, {torch.get_num_threads()} threads: "
          f"min {min(ms):.2f} ms, max {max(ms):.2f} ms")
    print(f"median {statistics.median(ms):.2f} ms")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("prepare")
    a.add_argument("summary")
    a.add_argument("dir")
    a.add_argument("--seed", type=int, default=0)
    a.add_argument("--threads", type=int, default=2)
    a.set_defaults(fn=cmd_prepare)
    a = sub.add_parser("check")
    a.add_argument("expected")
    a.add_argument("actual")
    a.add_argument("label")
    a.set_defaults(fn=cmd_check)
    a = sub.add_parser("time")
    a.add_argument("dir")
    a.add_argument("--mode", choices=("unfused", "fused", "script"), required=True)
    a.add_argument("--repeat", type=int, default=20)
    a.add_argument("--warmup", type=int, default=5)
    a.add_argument("--threads", type=int, default=2)
    a.set_defaults(fn=cmd_time)
    args = p.parse_args()
    sys.exit(args.fn(args))


if __name__ == "__main__":
    main()
