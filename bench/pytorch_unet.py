#!/usr/bin/env python3
"""PyTorch eager reference for cocolor's colorizer U-Net (cocolor.nn.UNet, UNetConfig.colorizer(1)).

Same architecture layer for layer: stem conv-bn-lrelu, per level one residual block, stride-2
conv-bn-lrelu downsampling, global context (spatial mean -> Linear -> ReLU -> broadcast add) at
the bottleneck, bilinear x2 upsampling (align_corners=False) + conv-bn-lrelu, concat skip,
conv-bn-lrelu + residual block, 1x1 conv head with bias, sigmoid. With attention, each residual
block scales its branch by a spatial gate (sigmoid of a 7x7 conv with bias over the channel mean
and max) before the sum. Convs before BatchNorm have no bias; BatchNorm eps 1e-5, momentum 0.1
(= DJL's 0.9 moving-average momentum). Init differs.

Training step: random input/target, forward, L1 loss, backward, Adam (lr 1e-3), zero_grad
(set_to_none=False, like DJL's adamUpdate which zeroes grads). Prints one line
  RESULT impl=pytorch mode=train threads=N ... img_s=X
with the median step time over the timed steps (warm-up excluded).

Inference benchmark (--mode bench --weights DIR): loads the weights that `cocolor benchmark
--export-pytorch DIR` wrote (same network, same weights; checked against the Java output), then
prints RESULT lines with img/s at 256x256 (batch 1 and --batch) and ms per 1024x768 image in eval mode
under inference_mode, for the network as is (BN ops), with BN folded into the convolutions, and
with bf16 autocast; plus fp32 and bf16 matmul peaks.

Debian's python3-torch is used (not a project dependency). Run with /usr/bin/python3.
"""
import json
import argparse
import os
import subprocess
import sys
import time

try:
    import torch
except ImportError:
    print("torch not importable; installing Debian's python3-torch", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "python3-torch"], check=True)
    if sys.executable != "/usr/bin/python3":
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    import torch

from torch import nn
import torch.nn.functional as F

SLOPE = 0.2


def conv(cin, cout, k, stride, bias):
    return nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=bias)


def conv_norm_act(cin, cout, k, stride):
    return nn.Sequential(conv(cin, cout, k, stride, False),
                         nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1),
                         nn.LeakyReLU(SLOPE))


class SpatialAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = conv(2, 1, 7, 1, True)

    def forward(self, y):
        summary = torch.cat([y.mean(dim=1, keepdim=True), y.amax(dim=1, keepdim=True)], dim=1)
        return y * torch.sigmoid(self.conv(summary))


class ResidualBlock(nn.Module):
    def __init__(self, c, attention):
        super().__init__()
        self.body = nn.Sequential(conv_norm_act(c, c, 3, 1),
                                  conv(c, c, 3, 1, False),
                                  nn.BatchNorm2d(c, eps=1e-5, momentum=0.1))
        self.gate = SpatialAttention() if attention else None

    def forward(self, x):
        y = self.body(x)
        if self.gate is not None:
            y = self.gate(y)
        return F.leaky_relu(x + y, SLOPE)


def residual_stack(c, n, attention):
    return nn.Sequential(*[ResidualBlock(c, attention) for _ in range(n)]) if n > 0 else nn.Identity()


class GlobalContext(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.mix = nn.Linear(c, c)

    def forward(self, x):
        pooled = x.mean(dim=3).mean(dim=2)
        g = F.relu(self.mix(pooled))
        return x + g[:, :, None, None]


class UNet(nn.Module):
    def __init__(self, cin=1, cout=3, widths=(16, 32, 64, 128, 256), blocks=1, context=True, attention=False):
        super().__init__()
        w = widths
        L = len(w)
        self.stem = conv_norm_act(cin, w[0], 3, 1)
        self.encoders = nn.ModuleList([residual_stack(w[i], blocks, attention) for i in range(L)])
        self.downs = nn.ModuleList([conv_norm_act(w[i], w[i + 1], 3, 2) for i in range(L - 1)])
        self.context = GlobalContext(w[-1]) if context else None
        self.ups = nn.ModuleList()
        self.fuses = nn.ModuleList()
        for i in range(L - 2, -1, -1):
            self.ups.append(conv_norm_act(w[i + 1], w[i], 3, 1))
            self.fuses.append(nn.Sequential(conv_norm_act(2 * w[i], w[i], 3, 1), residual_stack(w[i], blocks, attention)))
        self.head = conv(w[0], cout, 1, 1, True)

    def forward(self, x):
        x = self.stem(x)
        skips = []
        for i, enc in enumerate(self.encoders):
            x = enc(x)
            if i < len(self.downs):
                skips.append(x)
                x = self.downs[i](x)
        if self.context is not None:
            x = self.context(x)
        feats = [x]
        for j, (up, fuse) in enumerate(zip(self.ups, self.fuses)):
            skip = skips[-1 - j]
            u = up(F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False))
            x = fuse(torch.cat([u, skip], dim=1))
            feats.append(x)
        return torch.sigmoid(self.head(x)), feats


def forward_order(net):
    """(conv, bn-or-None) units in the order cocolor.nn.UNetParts.convUnits lists them."""
    def cna(seq):
        return [(seq[0], seq[1])]

    def res(stack):
        if isinstance(stack, nn.Identity):
            return []
        units = []
        for b in stack:
            units += [(b.body[0][0], b.body[0][1]), (b.body[1], b.body[2])]
            if b.gate is not None:
                units.append((b.gate.conv, None))
        return units

    units = cna(net.stem)
    for i, enc in enumerate(net.encoders):
        units += res(enc)
        if i < len(net.downs):
            units += cna(net.downs[i])
    for up, fuse in zip(net.ups, net.fuses):
        units += cna(up) + cna(fuse[0]) + res(fuse[1])
    return units + [(net.head, None)]


def load_weights(directory):
    """The network of cocolor's export, with its weights; verified against the Java output."""
    import numpy as np
    index = json.load(open(os.path.join(directory, "weights.json")))
    cfg = index["config"]
    net = UNet(cfg["in"], cfg["out"], tuple(cfg["widths"]), cfg["blocks"], cfg["context"],
               cfg.get("attention", False)).eval()
    flat = np.fromfile(os.path.join(directory, "weights.bin"), dtype="<f4")
    tensors = iter(index["tensors"])

    def take(dst):
        t = next(tensors)
        src = torch.from_numpy(flat[t["offset"]:t["offset"] + int(np.prod(t["shape"]))].copy()).reshape(t["shape"])
        assert tuple(src.shape) == tuple(dst.shape), (t["name"], src.shape, dst.shape)
        dst.copy_(src)

    with torch.no_grad():
        for conv, bn in forward_order(net):
            take(conv.weight)
            if conv.bias is not None:
                take(conv.bias)
            if bn is not None:
                for p in (bn.weight, bn.bias, bn.running_mean, bn.running_var):
                    take(p)
        if net.context is not None:
            take(net.context.mix.weight)
            take(net.context.mix.bias)
    assert next(tensors, None) is None, "unused tensors in the export"
    n = index["check_size"]
    x = torch.from_numpy(np.fromfile(os.path.join(directory, "check_in.bin"), dtype="<f4")).reshape(1, 1, n, n)
    expected = torch.from_numpy(np.fromfile(os.path.join(directory, "check_out.bin"), dtype="<f4")).reshape(1, -1, n, n)
    with torch.inference_mode():
        diff = (net(x)[0] - expected).abs().max().item()
    print("weights: %s, max |PyTorch - DJL| on the check image = %.2e" % (directory, diff), file=sys.stderr)
    assert diff < 1e-3, "PyTorch output differs from DJL's: not the same network"
    return net


def folded_copy(net):
    """Eval copy with every BatchNorm folded into its convolution (torch's own fusion helper)."""
    import copy
    from torch.nn.utils.fusion import fuse_conv_bn_eval
    net = copy.deepcopy(net)
    for conv, bn in forward_order(net):
        if bn is not None:
            fused = fuse_conv_bn_eval(conv, bn)
            conv.weight, conv.bias = fused.weight, fused.bias
    for m in net.modules():  # every BatchNorm sits in a Sequential: replace it by a no-op
        if isinstance(m, nn.Sequential):
            for k, child in list(m._modules.items()):
                if isinstance(child, nn.BatchNorm2d):
                    m._modules[k] = nn.Identity()
    return net


def median_ms(fn, warmup, repeats):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    n = len(times)
    return times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2


def matmul_peak(dtype, n, repeats):
    a = torch.rand(n, n, dtype=dtype)
    b = torch.rand(n, n, dtype=dtype)
    ms = median_ms(lambda: torch.mm(a, b), 2, repeats)
    return 2.0 * n ** 3 / (ms * 1e6)


def bench(a):
    net = load_weights(a.weights)
    print("RESULT impl=pytorch variant=peak gflop_s=%.1f bf16_gflop_s=%.1f torch=%s threads=%d"
          % (matmul_peak(torch.float32, 2048, a.steps), matmul_peak(torch.bfloat16, 2048, a.steps),
             torch.__version__, torch.get_num_threads()))
    variants = [("eager", net, False), ("folded", folded_copy(net), False), ("bf16autocast", folded_copy(net), True)]
    for name, model, bf16 in variants:
        def run(x):
            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                return model(x)[0].float().numpy().copy()
        x1 = torch.rand(1, 1, 256, 256)
        x8 = torch.rand(a.batch, 1, 256, 256)
        xl = torch.rand(1, 1, 768, 1024)
        b1 = median_ms(lambda: run(x1), a.warmup, a.steps)
        batched = median_ms(lambda: run(x8), a.warmup, a.steps)
        # bf16 is far slower here (see docs/performance.md); its 1024x768 figure would only stretch the run.
        big = float("nan") if bf16 else median_ms(lambda: run(xl), min(a.warmup, 1), a.steps)
        print("RESULT impl=pytorch variant=%s batch=%d img_s_256=%.3f img_s_256_batched=%.3f ms_1024x768=%.1f"
              % (name, a.batch, 1000 / b1, a.batch * 1000 / batched, big))
        sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--size", type=int, default=128)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0, help="intra-op threads (0 = torch default)")
    ap.add_argument("--mode", choices=["train", "infer", "bench"], default="train")
    ap.add_argument("--weights", help="directory written by `cocolor benchmark --export-pytorch` (mode bench)")
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    if a.mode == "bench":
        return bench(a)
    torch.manual_seed(0)
    net = UNet()
    nparams = sum(p.numel() for p in net.parameters())
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    times = []
    for i in range(-a.warmup, a.steps):
        t0 = time.perf_counter()
        x = torch.rand(a.batch, 1, a.size, a.size)
        if a.mode == "train":
            net.train()
            tgt = torch.rand(a.batch, 3, a.size, a.size)
            y, _ = net(x)
            loss = (y - tgt).abs().mean()
            loss.backward()
            opt.step()
            opt.zero_grad(set_to_none=False)
        else:
            net.eval()
            with torch.inference_mode():
                y, _ = net(x)
                y.numpy().copy()
        t1 = time.perf_counter()
        if i >= 0:
            times.append((t1 - t0) * 1000)
    times.sort()
    n = len(times)
    med = times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2
    mean = sum(times) / n
    print("RESULT impl=pytorch mode=%s threads=%d batch=%d size=%d ms_step=%.1f mean_ms=%.1f img_s=%.2f params=%d torch=%s"
          % (a.mode, torch.get_num_threads(), a.batch, a.size, med, mean, a.batch * 1000 / med, nparams, torch.__version__))


if __name__ == "__main__":
    main()
