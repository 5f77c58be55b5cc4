"""Hand-written YOLOv8n (scale n, nc 80) in plain PyTorch eager: the speed baseline of benchmarks/speed.sh.

Our own code (no Ultralytics): Conv/C2f/SPPF/Upsample/Concat/Detect as Ultralytics defines them, so the
operation count per forward pass equals yamlnet's for examples/yaml/yolov8n.yaml. Weights are PyTorch's
default initialisation (timing does not depend on their values). Prints one line per mode:
"torch unfused median X ms", "torch fused median X ms".
Usage: python3 yolov8n_torch.py IMGSZ REPEAT THREADS
"""
import statistics
import sys
import time

import torch
import torch.nn as nn


class Conv(nn.Module):
    def __init__(self, c1, c2, k=1, s=1):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(c2, eps=1e-3, momentum=0.03)
        self.act = nn.SiLU()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))

    def fuse(self):
        w = self.conv.weight
        scale = self.bn.weight / torch.sqrt(self.bn.running_var + self.bn.eps)
        fused = nn.Conv2d(self.conv.in_channels, self.conv.out_channels, self.conv.kernel_size, self.conv.stride,
                          self.conv.padding, bias=True)
        fused.weight.data = w * scale.view(-1, 1, 1, 1)
        fused.bias.data = self.bn.bias - self.bn.running_mean * scale
        self.conv = fused
        self.forward = lambda x: self.act(self.conv(x))


class Bottleneck(nn.Module):
    def __init__(self, c, shortcut):
        super().__init__()
        self.cv1 = Conv(c, c, 3)
        self.cv2 = Conv(c, c, 3)
        self.add = shortcut

    def forward(self, x):
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class C2f(nn.Module):
    def __init__(self, c1, c2, n, shortcut):
        super().__init__()
        self.c = c2 // 2
        self.cv1 = Conv(c1, 2 * self.c)
        self.cv2 = Conv((2 + n) * self.c, c2)
        self.m = nn.ModuleList(Bottleneck(self.c, shortcut) for _ in range(n))

    def forward(self, x):
        y = list(self.cv1(x).chunk(2, 1))
        y.extend(m(y[-1]) for m in self.m)
        return self.cv2(torch.cat(y, 1))


class SPPF(nn.Module):
    def __init__(self, c1, c2, k=5):
        super().__init__()
        c_ = c1 // 2
        self.cv1 = Conv(c1, c_)
        self.cv2 = Conv(c_ * 4, c2)
        self.m = nn.MaxPool2d(k, 1, k // 2)

    def forward(self, x):
        y = [self.cv1(x)]
        y.extend(self.m(y[-1]) for _ in range(3))
        return self.cv2(torch.cat(y, 1))


class Detect(nn.Module):
    def __init__(self, nc, ch, strides=(8, 16, 32)):
        super().__init__()
        self.nc, self.reg_max, self.strides = nc, 16, strides
        c2, c3 = max(16, ch[0] // 4, 64), max(ch[0], min(nc, 100))
        self.cv2 = nn.ModuleList(nn.Sequential(Conv(x, c2, 3), Conv(c2, c2, 3), nn.Conv2d(c2, 64, 1)) for x in ch)
        self.cv3 = nn.ModuleList(nn.Sequential(Conv(x, c3, 3), Conv(c3, c3, 3), nn.Conv2d(c3, nc, 1)) for x in ch)
        self.dfl = nn.Conv2d(16, 1, 1, bias=False)
        self.dfl.weight.data[:] = torch.arange(16, dtype=torch.float).view(1, 16, 1, 1)

    def forward(self, xs):
        b = xs[0].shape[0]
        outs, anchors, strides = [], [], []
        for i, x in enumerate(xs):
            outs.append(torch.cat((self.cv2[i](x), self.cv3[i](x)), 1).view(b, 64 + self.nc, -1))
            h, w = x.shape[2:]
            sy, sx = torch.meshgrid(torch.arange(h) + 0.5, torch.arange(w) + 0.5, indexing="ij")
            anchors.append(torch.stack((sx, sy), -1).view(-1, 2))
            strides.append(torch.full((h * w, 1), float(self.strides[i])))
        y = torch.cat(outs, 2)
        box, cls = y.split((64, self.nc), 1)
        a = torch.cat(anchors).transpose(0, 1).unsqueeze(0)
        s = torch.cat(strides).transpose(0, 1)
        d = self.dfl(box.view(b, 4, 16, -1).transpose(2, 1).softmax(1)).view(b, 4, -1)
        lt, rb = d.chunk(2, 1)
        x1y1, x2y2 = a - lt, a + rb
        dbox = torch.cat(((x1y1 + x2y2) / 2, x2y2 - x1y1), 1) * s
        return torch.cat((dbox, cls.sigmoid()), 1)


class YoloV8n(nn.Module):
    def __init__(self, nc=80):
        super().__init__()
        self.b0, self.b1, self.b2 = Conv(3, 16, 3, 2), Conv(16, 32, 3, 2), C2f(32, 32, 1, True)
        self.b3, self.b4 = Conv(32, 64, 3, 2), C2f(64, 64, 2, True)
        self.b5, self.b6 = Conv(64, 128, 3, 2), C2f(128, 128, 2, True)
        self.b7, self.b8, self.b9 = Conv(128, 256, 3, 2), C2f(256, 256, 1, True), SPPF(256, 256)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.h12, self.h15 = C2f(384, 128, 1, False), C2f(192, 64, 1, False)
        self.h16, self.h18 = Conv(64, 64, 3, 2), C2f(192, 128, 1, False)
        self.h19, self.h21 = Conv(128, 128, 3, 2), C2f(384, 256, 1, False)
        self.detect = Detect(nc, (64, 128, 256))

    def forward(self, x):
        x4 = self.b4(self.b3(self.b2(self.b1(self.b0(x)))))
        x6 = self.b6(self.b5(x4))
        x9 = self.b9(self.b8(self.b7(x6)))
        x12 = self.h12(torch.cat((self.up(x9), x6), 1))
        x15 = self.h15(torch.cat((self.up(x12), x4), 1))
        x18 = self.h18(torch.cat((self.h16(x15), x12), 1))
        x21 = self.h21(torch.cat((self.h19(x18), x9), 1))
        return self.detect([x15, x18, x21])

    def fuse(self):
        for m in self.modules():
            if isinstance(m, Conv):
                m.fuse()
        return self


def median_ms(model, x, repeat, warmup=5):
    with torch.inference_mode():
        for _ in range(warmup):
            model(x)
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            model(x)
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main():
    imgsz, repeat, threads = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = YoloV8n().eval()
    x = torch.rand(1, 3, imgsz, imgsz)
    params = sum(p.numel() for p in model.parameters())
    print(f"torch {torch.__version__} threads {torch.get_num_threads()} params {params} output "
          f"{tuple(model(x).shape)}", flush=True)
    print(f"torch unfused median {median_ms(model, x, repeat):.2f} ms", flush=True)
    model.fuse()
    print(f"torch fused median {median_ms(model, x, repeat):.2f} ms", flush=True)


if __name__ == "__main__":
    main()
